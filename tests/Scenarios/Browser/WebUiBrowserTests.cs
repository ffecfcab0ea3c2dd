using System.Diagnostics.Metrics;
using Microsoft.Playwright;
using Sluice.Host.Metrics;
using Sluice.Host.Web;

namespace Sluice.Scenarios.Browser;

public sealed class WebUiBrowserTests
{
    [Fact]
    public async Task The_query_page_draws_new_points_as_progress_arrives()
    {
        var catalog = new GrowingCatalog();
        using var exporter = new PrometheusExporter("Sluice.Scenarios.Browser");
        await using var ui = await WebUi.StartAsync(new WebUiOptions(Port: 0), catalog, exporter);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(ui.Address, "/").ToString());
        await Assertions.Expect(page.Locator("#queries tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#queries tbody tr td").First).ToHaveTextAsync("wordcount");

        await page.Locator("#queries a").ClickAsync();
        var points = page.Locator("#rates svg");
        await Assertions.Expect(points).ToHaveAttributeAsync("data-points", "4");
        catalog.AddBatch();
        await Assertions.Expect(points).ToHaveAttributeAsync("data-points", "6");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ArtifactPath("query-page.png"), FullPage = true });
    }

    private sealed class GrowingCatalog : IQueryCatalog
    {
        private readonly List<object> _progress = [];

        public GrowingCatalog()
        {
            AddBatch();
            AddBatch();
        }

        public IReadOnlyList<QueryInfo> Queries
        {
            get
            {
                lock (_progress)
                {
                    return [new QueryInfo("q1", "r1", "wordcount", "ACTIVE", "Processing new data", [.. _progress])];
                }
            }
        }

        public IReadOnlyList<ShardInfo> Shards => [];

        public void AddBatch()
        {
            lock (_progress)
            {
                var id = _progress.Count;
                _progress.Add(new { batchId = id, numInputRows = 10 * id, inputRowsPerSecond = 100.0 + id, processedRowsPerSecond = 90.0 + id, timestamp = "2026-11-21T00:00:00Z" });
            }
        }

        public Task<bool> StopAsync(string idOrName, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
