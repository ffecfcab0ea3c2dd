using System.Diagnostics.Metrics;
using Sluice.Host.Metrics;

namespace Sluice.Host.Tests.Metrics;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Counters_gauges_and_histograms_render_as_valid_exposition_with_exact_values()
    {
        using var exporter = new PrometheusExporter("Sluice.Test.Exposition");
        using var meter = new Meter("Sluice.Test.Exposition");
        var rows = meter.CreateCounter<long>("sluice.rows.in", description: "Rows read by sources");
        var duration = meter.CreateHistogram<double>("sluice.epoch.duration", unit: "ms", description: "Epoch duration");
        var watermark = 1234L;
        meter.CreateObservableGauge("sluice.watermark", () => new Measurement<long>(watermark, new KeyValuePair<string, object?>("query", "wc")), unit: "ms");

        rows.Add(5, new KeyValuePair<string, object?>("query", "wc"));
        rows.Add(7, new KeyValuePair<string, object?>("query", "wc"));
        rows.Add(1, new KeyValuePair<string, object?>("query", "other \"q\""));
        duration.Record(3);
        duration.Record(40);
        duration.Record(20000);

        var text = PrometheusText.Parse(exporter.Render());

        Assert.Equal("counter", text.Types["sluice_rows_in_total"]);
        Assert.Equal("Rows read by sources", text.Help["sluice_rows_in_total"]);
        Assert.Equal(12, text.Samples["sluice_rows_in_total{query=\"wc\"}"]);
        Assert.Equal(1, text.Samples["sluice_rows_in_total{query=\"other \\\"q\\\"\"}"]);
        Assert.Equal("gauge", text.Types["sluice_watermark_milliseconds"]);
        Assert.Equal(1234, text.Samples["sluice_watermark_milliseconds{query=\"wc\"}"]);
        Assert.Equal("histogram", text.Types["sluice_epoch_duration_milliseconds"]);
        Assert.Equal(0, text.Samples["sluice_epoch_duration_milliseconds_bucket{le=\"2\"}"]);
        Assert.Equal(1, text.Samples["sluice_epoch_duration_milliseconds_bucket{le=\"5\"}"]);
        Assert.Equal(2, text.Samples["sluice_epoch_duration_milliseconds_bucket{le=\"50\"}"]);
        Assert.Equal(2, text.Samples["sluice_epoch_duration_milliseconds_bucket{le=\"10000\"}"]);
        Assert.Equal(3, text.Samples["sluice_epoch_duration_milliseconds_bucket{le=\"+Inf\"}"]);
        Assert.Equal(20043, text.Samples["sluice_epoch_duration_milliseconds_sum"]);
        Assert.Equal(3, text.Samples["sluice_epoch_duration_milliseconds_count"]);

        watermark = 5000;
        Assert.Equal(5000, PrometheusText.Parse(exporter.Render()).Samples["sluice_watermark_milliseconds{query=\"wc\"}"]);
    }

    [Fact]
    public void Meters_outside_the_prefix_are_not_exported()
    {
        using var exporter = new PrometheusExporter("Sluice.Test.Prefix");
        using var other = new Meter("Other.Library");
        other.CreateCounter<long>("other.count").Add(1);
        Assert.Equal(string.Empty, exporter.Render());
    }

    [Fact]
    public void One_instrument_name_on_several_meters_is_one_family_with_one_type_line()
    {
        using var exporter = new PrometheusExporter("Sluice.Test.Family");
        using var first = new Meter("Sluice.Test.Family");
        using var second = new Meter("Sluice.Test.Family");
        first.CreateObservableGauge("sluice.depth", () => new Measurement<long>(2, new KeyValuePair<string, object?>("system", "a")));
        second.CreateObservableGauge("sluice.depth", () => new Measurement<long>(3, new KeyValuePair<string, object?>("system", "b")));

        var rendered = exporter.Render();
        var text = PrometheusText.Parse(rendered);

        Assert.Single(rendered.Split('\n'), l => l == "# TYPE sluice_depth gauge");
        Assert.Equal(2, text.Samples["sluice_depth{system=\"a\"}"]);
        Assert.Equal(3, text.Samples["sluice_depth{system=\"b\"}"]);
    }
}
