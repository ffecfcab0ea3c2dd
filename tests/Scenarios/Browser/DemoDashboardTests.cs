using Microsoft.Playwright;
using Sluice.Scenarios.Processes;

namespace Sluice.Scenarios.Browser;

public sealed class DemoDashboardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_demo_prints_tables_serves_a_live_dashboard_and_stops_gracefully_on_ctrl_c()
    {
        var port = SluiceProcess.FreePort();
        await using var sluice = SluiceProcess.Start(_dir, "demo", "--ui-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rows-per-second", "50");
        await sluice.WaitForLineAsync($"Web UI at http://127.0.0.1:{port}/", TimeSpan.FromSeconds(60));
        await sluice.WaitForLineAsync("Batch: 0", TimeSpan.FromSeconds(60));
        await sluice.WaitForLineAsync("|Window                                            |Word      |Count|", TimeSpan.FromSeconds(30));

        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{port}/");
        await Assertions.Expect(page.Locator("#queries tbody tr td").First).ToHaveTextAsync("demo", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#queries tbody tr td").Nth(1)).ToHaveTextAsync("ACTIVE");

        await page.Locator("#queries a").ClickAsync();
        var chart = page.Locator("#rates svg");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-points", new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"), new() { Timeout = 30_000 });
        var before = int.Parse((await chart.GetAttributeAsync("data-points"))!, System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(chart).Not.ToHaveAttributeAsync("data-points", before.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ArtifactPath("demo-query-page.png"), FullPage = true });

        var exit = await sluice.InterruptAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, exit);
        Assert.Contains("Stopping query StreamingQuery demo", sluice.Output, StringComparison.Ordinal);
    }
}
