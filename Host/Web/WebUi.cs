using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Host.Metrics;

namespace Sluice.Host.Web;

/// <summary>
/// The web UI and its JSON API on Kestrel, like Spark's UI on port 4040: <c>/</c> lists the queries, <c>/query/{id}</c>
/// charts one query live (polling <c>/api/queries/{id}/progress</c>), <c>/shards</c> shows shard placement,
/// <c>/metrics</c> serves Prometheus text. The pages' assets are embedded in the host: nothing comes from a CDN.
/// </summary>
public sealed class WebUi : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly WebApplication _app;

    private WebUi(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the UI listens, e.g. http://127.0.0.1:4040/.</summary>
    public Uri Address { get; }

    /// <summary>Starts the UI; throws <see cref="WebUiException"/> naming the fix when the port is taken.</summary>
    public static async Task<WebUi> StartAsync(WebUiOptions options, IQueryCatalog catalog, PrometheusExporter metrics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(metrics);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(options.Host), options.Port));
        builder.Services.AddRouting();
        var app = builder.Build();
        Map(app, catalog, metrics);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new WebUiException(
                $"The web UI cannot listen on {options.Host}:{options.Port}: the port is in use (another sluice?). " +
                "Choose another port with --ui-port <port> (or sluice.ui.port), or disable the UI with --ui-port 0.",
                e);
        }

        var address = app.Urls.Select(u => new Uri(u)).First();
        return new WebUi(app, address);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app, IQueryCatalog catalog, PrometheusExporter metrics)
    {
        app.MapGet("/", () => Asset("index.html"));
        app.MapGet("/query/{id}", (string id) => Asset("query.html"));
        app.MapGet("/shards", () => Asset("shards.html"));
        app.MapGet("/assets/{name}", (string name) => Asset(name));
        app.MapGet("/metrics", () => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        app.MapGet("/api/queries", () => Results.Json(catalog.Queries.Select(Summary), Json));
        app.MapGet("/api/queries/{id}", (string id) => Find(catalog, id) is { } q ? Results.Json(Summary(q), Json) : NotFound(id));
        app.MapGet("/api/queries/{id}/progress", (string id) => Find(catalog, id) is { } q ? Results.Json(q.RecentProgress, Json) : NotFound(id));
        app.MapPost("/api/queries/{id}/stop", async (string id, CancellationToken ct) =>
            await catalog.StopAsync(id, ct).ConfigureAwait(false) ? Results.Ok() : NotFound(id));
        app.MapGet("/api/shards", () => Results.Json(catalog.Shards, Json));
    }

    private static QueryInfo? Find(IQueryCatalog catalog, string idOrName) =>
        catalog.Queries.LastOrDefault(q => q.Id == idOrName) ?? catalog.Queries.LastOrDefault(q => q.Name == idOrName);

    private static object Summary(QueryInfo q) => new
    {
        q.Id,
        q.RunId,
        q.Name,
        q.Status,
        q.Message,
        LastProgress = q.RecentProgress.Count > 0 ? q.RecentProgress[^1] : null,
    };

    private static IResult NotFound(string id) => Results.NotFound(new { error = $"No query with id or name '{id}'. GET /api/queries lists them." });

    private static IResult Asset(string name)
    {
        var stream = typeof(WebUi).Assembly.GetManifestResourceStream("Sluice.Host.Web.Assets." + name);
        if (stream is null)
        {
            return Results.NotFound();
        }

        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, type);
    }
}
