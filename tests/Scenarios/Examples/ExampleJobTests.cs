using System.Net;
using System.Net.Sockets;
using System.Text;
using Sluice.Scenarios.Processes;

namespace Sluice.Scenarios.Examples;

public sealed class ExampleJobTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-example-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Socket_word_count_prints_the_complete_table_of_what_nc_sent()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var conf = Path.Combine(_dir, "socket.conf");
        var example = await File.ReadAllTextAsync(Path.Combine(Sluice.TestKit.RepositoryPaths.Root, "hocon", "examples", "socket-wordcount.conf"));
        await File.WriteAllTextAsync(conf, example.Replace("port = 9999", $"port = {port}", StringComparison.Ordinal));

        await using var sluice = SluiceProcess.Start(_dir, "run", conf, "--ui-port", "0");
        using var client = await server.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes("to be or not\nto be\n"));
        await stream.FlushAsync();

        await sluice.WaitForLineAsync("|  to|    2|", TimeSpan.FromSeconds(60));
        var table = sluice.Output[sluice.Output.LastIndexOf("|Word|Count|", StringComparison.Ordinal)..];
        foreach (var row in new[] { "|  to|    2|", "|  be|    2|", "|  or|    1|", "| not|    1|" })
        {
            Assert.Contains(row, table, StringComparison.Ordinal);
        }

        Assert.Equal(0, await sluice.InterruptAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Files_word_count_writes_the_counts_of_files_moved_into_its_input_as_json_lines()
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "input")).FullName;
        var output = Path.Combine(_dir, "output");
        var staged = Path.Combine(_dir, "staged.txt");
        await File.WriteAllTextAsync(staged, "to be or not\nto be\n");
        File.Move(staged, Path.Combine(input, "a.txt"));
        File.Copy(Path.Combine(Sluice.TestKit.RepositoryPaths.Root, "hocon", "examples", "files-wordcount.conf"), Path.Combine(_dir, "files.conf"));

        await using var sluice = SluiceProcess.Start(_dir, "run", "files.conf", "--ui-port", "0");
        var lines = await WaitForJsonLinesAsync(output, 4, TimeSpan.FromSeconds(60));

        Assert.Equal(
            ["be 2", "not 1", "or 1", "to 2"],
            lines.Select(static l => System.Text.Json.JsonDocument.Parse(l).RootElement)
                .Select(static e => $"{e.GetProperty("Word").GetString()} {e.GetProperty("Count").GetInt64()}")
                .Order(StringComparer.Ordinal));
        Assert.Equal(0, await sluice.InterruptAsync(TimeSpan.FromSeconds(60)));

        // Batches without rows (the data batch itself, before its interval closed; idle triggers) leave no part file.
        Assert.Single(Directory.GetFiles(output, "part-*.jsonl"));
    }

    private static async Task<string[]> WaitForJsonLinesAsync(string directory, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var lines = Directory.Exists(directory)
                ? Directory.GetFiles(directory, "part-*.jsonl", SearchOption.TopDirectoryOnly).SelectMany(File.ReadAllLines).ToArray()
                : [];
            if (lines.Length >= count || DateTime.UtcNow > deadline)
            {
                return lines;
            }

            // Polling a directory: the sink's part files are the event; there is nothing to subscribe to.
            await Task.Delay(50);
        }
    }
}
