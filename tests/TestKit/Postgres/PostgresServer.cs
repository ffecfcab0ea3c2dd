using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace Sluice.TestKit.Postgres;

/// <summary>
/// A throw-away PostgreSQL server for tests: <c>initdb</c> in a temporary directory, listening on a free port of
/// 127.0.0.1 only, trust authentication, stopped and deleted on dispose. Start one per test assembly as an xunit
/// collection fixture; give each test class its own schema (or database via <see cref="CreateDatabaseAsync"/>).
/// </summary>
/// <remarks>
/// Needs the PostgreSQL server binaries (<c>apt-get install postgresql</c>); found with <c>pg_config --bindir</c>
/// or under <c>/usr/lib/postgresql/*/bin</c>. When the process runs as root (initdb refuses root), the server runs
/// as the <c>postgres</c> system user through <c>runuser</c>.
/// </remarks>
/// <example><code>
/// [CollectionDefinition(PostgresServer.Collection)]
/// public sealed class PostgresCollection : ICollectionFixture&lt;PostgresServer&gt;;
///
/// [Collection(PostgresServer.Collection)]
/// public sealed class MyTests(PostgresServer server) { ... server.ConnectionString ... }
/// </code></example>
public sealed class PostgresServer : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Name to use for the xunit collection that shares the server.</summary>
    public const string Collection = "PostgreSQL server";

    private const string DatabaseName = "sluice";
    private string? _bin;
    private string? _directory;
    private bool _asPostgresUser;
    private bool _disposed;

    /// <summary>Connection string of the <c>sluice</c> database, as the <c>postgres</c> superuser.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The port the server listens on (127.0.0.1 only).</summary>
    public int Port { get; private set; }

    /// <summary>Starts a server and waits until it accepts connections.</summary>
    /// <returns>The running server.</returns>
    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        await server.InitializeAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Creates another database on the server.</summary>
    /// <param name="name">Database name (letters, digits, underscores).</param>
    /// <returns>Its connection string.</returns>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ToString();
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (looked at `pg_config --bindir` and /usr/lib/postgresql/*/bin): " +
            "install PostgreSQL: apt-get install postgresql");
        _asPostgresUser = Environment.UserName == "root";
        var mktemp = await RunAsync("mktemp", ["-d", "-t", "sluice-pg-XXXXXX"], _asPostgresUser, Path.GetTempPath()).ConfigureAwait(false);
        _directory = mktemp.Trim();
        var data = Path.Combine(_directory, "data");
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], _asPostgresUser, _directory)
            .ConfigureAwait(false);

        Port = FreePort();
        await File.AppendAllTextAsync(
            Path.Combine(data, "postgresql.conf"),
            string.Create(CultureInfo.InvariantCulture, $"""

            listen_addresses = '127.0.0.1'
            port = {Port}
            unix_socket_directories = '{_directory}'
            max_connections = 500
            shared_buffers = 32MB

            """)).ConfigureAwait(false);
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start"], _asPostgresUser, _directory)
            .ConfigureAwait(false);

        var admin = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
        };
        var connection = new NpgsqlConnection(admin.ToString());
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        admin.Database = DatabaseName;
        admin.Pooling = true;
        ConnectionString = admin.ToString();
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    /// <returns>Completes when both are done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed || _directory is null || _bin is null)
        {
            return;
        }

        _disposed = true;
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop"], _asPostgresUser, _directory)
                .ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private static string? FindBinaries()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true });
            var bin = process?.StandardOutput.ReadToEnd().Trim();
            process?.WaitForExit();
            if (process?.ExitCode == 0 && bin is not null && File.Exists(Path.Combine(bin, "initdb")))
            {
                return bin;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed (it comes with libpq-dev or the server package); try the Debian layout.
        }

        const string debian = "/usr/lib/postgresql";
        if (!Directory.Exists(debian))
        {
            return null;
        }

        return Directory.GetDirectories(debian)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<string> RunAsync(string program, string[] arguments, bool asPostgresUser, string workingDirectory)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        if (asPostgresUser)
        {
            foreach (var a in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{start.FileName} {string.Join(' ', start.ArgumentList)}` exited with {process.ExitCode}:\n{await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
        }

        return await output.ConfigureAwait(false);
    }
}
