using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sluice.Host.Cli;

/// <summary><c>sluice queries</c> and <c>sluice stop</c>: talk to a running host through its HTTP API.</summary>
internal static class RemoteCommands
{
    public static IEnumerable<Command> Create()
    {
        var url = new Option<Uri>("--url")
        {
            Description = "The running host's web UI address.",
            DefaultValueFactory = _ => new Uri("http://127.0.0.1:4040/"),
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"--url '{text}' is not an http address; example: --url http://127.0.0.1:4040/");
                return null;
            },
        };

        var queries = new Command("queries", "List the queries of a running host with their last progress (GET /api/queries).");
        queries.Options.Add(url);
        queries.SetAction((parse, ct) => ListAsync(parse.GetValue(url)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));

        var name = new Argument<string>("query") { Description = "The query's name or id." };
        var stop = new Command("stop", "Stop a query of a running host gracefully: it finishes its batch and checkpoints (POST /api/queries/{query}/stop).");
        stop.Arguments.Add(name);
        stop.Options.Add(url);
        stop.SetAction((parse, ct) => StopAsync(parse.GetValue(url)!, parse.GetValue(name)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return [queries, stop];
    }

    private static async Task<int> ListAsync(Uri url, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = url };
        JsonElement list;
        try
        {
            list = await http.GetFromJsonAsync<JsonElement>(new Uri("api/queries", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync(Unreachable(url, e)).ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }

        await output.WriteLineAsync($"{"NAME",-24} {"STATUS",-8} {"BATCH",7} {"INPUT ROWS/S",13} {"PROCESSED ROWS/S",17}  ID").ConfigureAwait(false);
        foreach (var query in list.EnumerateArray())
        {
            var progress = query.GetProperty("lastProgress");
            var hasProgress = progress.ValueKind == JsonValueKind.Object;
            string Number(string field, string format) =>
                hasProgress ? progress.GetProperty(field).GetDouble().ToString(format, CultureInfo.InvariantCulture) : "-";
            await output.WriteLineAsync(
                $"{query.GetProperty("name").GetString(),-24} {query.GetProperty("status").GetString(),-8} {Number("batchId", "0"),7} " +
                $"{Number("inputRowsPerSecond", "0.0"),13} {Number("processedRowsPerSecond", "0.0"),17}  {query.GetProperty("id").GetString()}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> StopAsync(Uri url, string query, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = url };
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri($"api/queries/{Uri.EscapeDataString(query)}/stop", UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync(Unreachable(url, e)).ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                await error.WriteLineAsync($"sluice: the host at {url} has no query '{query}'. 'sluice queries' lists them.").ConfigureAwait(false);
                return ExitCodes.InvalidConfiguration;
            }

            response.EnsureSuccessStatusCode();
        }

        await output.WriteLineAsync($"Stopped query {query}.").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string Unreachable(Uri url, HttpRequestException e) =>
        $"sluice: no host answers at {url} ({e.Message}). Is 'sluice run' or 'sluice demo' running with its UI on? Use --url to point elsewhere.";
}
