using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Sluice.Host.Metrics;

/*
 * Collects the measurements of every instrument on a meter whose name starts with "Sluice" and renders them in the
 * Prometheus text exposition format (version 0.0.4) for GET /metrics.
 *
 * Measurements arrive on whatever thread records them; each instrument/tag-set pair keeps its own small state that is
 * updated with a lock-free add (counters), a volatile write (gauges) or a short lock (histogram buckets). Observable
 * instruments are polled at scrape time. Producers record per batch, not per row, so the cost stays off the hot path.
 */

/// <summary>Listens to Sluice's System.Diagnostics.Metrics instruments and renders Prometheus text.</summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The bucket upper bounds used for histograms (in the instrument's unit; milliseconds for durations).</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _series = new();
    private readonly string _meterPrefix;

    /// <summary>Starts listening to meters whose name starts with <paramref name="meterPrefix"/>.</summary>
    public PrometheusExporter(string meterPrefix = "Sluice")
    {
        _meterPrefix = meterPrefix;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(_meterPrefix, StringComparison.Ordinal))
            {
                _series.TryAdd(instrument, new InstrumentSeries(instrument));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Polls the observable instruments and renders every series in the Prometheus text format.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();

        // Instruments of one name on several meters (one meter per actor system, say) are one metric family: one HELP and
        // TYPE line, then the samples of all of them (their tags tell them apart).
        foreach (var family in _series.Values.Where(s => !s.IsEmpty).GroupBy(s => s.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            family.First().RenderHeader(text);
            foreach (var series in family)
            {
                series.RenderSamples(text);
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(instrument, out var series))
        {
            series.Record(value, tags);
        }
    }

    /// <summary>The Prometheus metric name for an instrument name and unit: dots become underscores, counters end in _total.</summary>
    internal static string MetricName(string instrumentName, string? unit, string type)
    {
        var name = new StringBuilder(instrumentName.Length + 8);
        foreach (var c in instrumentName)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        var suffix = unit switch
        {
            "ms" => "_milliseconds",
            "s" => "_seconds",
            "By" => "_bytes",
            _ => string.Empty,
        };
        if (suffix.Length > 0 && !name.ToString().EndsWith(suffix, StringComparison.Ordinal))
        {
            name.Append(suffix);
        }

        if (type == "counter" && !name.ToString().EndsWith("_total", StringComparison.Ordinal))
        {
            name.Append("_total");
        }

        return name.ToString();
    }

    private sealed class InstrumentSeries
    {
        private readonly ConcurrentDictionary<string, SeriesState> _byLabels = new(StringComparer.Ordinal);
        private readonly string _type;
        private readonly bool _cumulative;

        public InstrumentSeries(Instrument instrument)
        {
            var generic = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
            (_type, _cumulative) = generic.Name switch
            {
                "Counter`1" => ("counter", true),
                "ObservableCounter`1" => ("counter", false),
                "UpDownCounter`1" => ("gauge", true),
                "Histogram`1" => ("histogram", true),
                _ => ("gauge", false), // Gauge<T>, ObservableGauge<T>, ObservableUpDownCounter<T>
            };
            Name = MetricName(instrument.Name, instrument.Unit, _type);
            Help = instrument.Description ?? instrument.Name;
        }

        public string Name { get; }

        private string Help { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = Labels(tags);
            var state = _byLabels.GetOrAdd(labels, static (_, histogram) => new SeriesState(histogram), _type == "histogram");
            state.Record(value, _cumulative);
        }

        public bool IsEmpty => _byLabels.IsEmpty;

        public void RenderHeader(StringBuilder text)
        {
            text.Append("# HELP ").Append(Name).Append(' ').Append(Escape(Help, help: true)).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(_type).Append('\n');
        }

        public void RenderSamples(StringBuilder text)
        {
            foreach (var (labels, state) in _byLabels.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                state.Render(text, Name, labels);
            }
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
            {
                return string.Empty;
            }

            var sorted = tags.ToArray();
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var text = new StringBuilder();
            foreach (var (key, value) in sorted)
            {
                if (text.Length > 0)
                {
                    text.Append(',');
                }

                text.Append(MetricName(key, null, "gauge")).Append("=\"")
                    .Append(Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, help: false)).Append('"');
            }

            return text.ToString();
        }
    }

    private sealed class SeriesState(bool histogram)
    {
        private readonly long[]? _buckets = histogram ? new long[DefaultBuckets.Count + 1] : null;
        private double _value;
        private double _sum;
        private long _count;

        public void Record(double value, bool cumulative)
        {
            if (_buckets is null)
            {
                if (cumulative)
                {
                    AddDouble(ref _value, value);
                }
                else
                {
                    Volatile.Write(ref _value, value);
                }

                return;
            }

            var bucket = 0;
            while (bucket < DefaultBuckets.Count && value > DefaultBuckets[bucket])
            {
                bucket++;
            }

            lock (_buckets)
            {
                _buckets[bucket]++;
                _sum += value;
                _count++;
            }
        }

        public void Render(StringBuilder text, string name, string labels)
        {
            if (_buckets is null)
            {
                Line(text, name, labels, Volatile.Read(ref _value));
                return;
            }

            long[] buckets;
            double sum;
            long count;
            lock (_buckets)
            {
                buckets = (long[])_buckets.Clone();
                sum = _sum;
                count = _count;
            }

            var cumulative = 0L;
            for (var i = 0; i <= DefaultBuckets.Count; i++)
            {
                cumulative += buckets[i];
                var le = i < DefaultBuckets.Count ? DefaultBuckets[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
                var withLe = labels.Length == 0 ? $"le=\"{le}\"" : $"{labels},le=\"{le}\"";
                Line(text, name + "_bucket", withLe, cumulative);
            }

            Line(text, name + "_sum", labels, sum);
            Line(text, name + "_count", labels, count);
        }

        private static void Line(StringBuilder text, string name, string labels, double value)
        {
            text.Append(name);
            if (labels.Length > 0)
            {
                text.Append('{').Append(labels).Append('}');
            }

            text.Append(' ').Append(FormatValue(value)).Append('\n');
        }

        private static void AddDouble(ref double target, double value)
        {
            var current = Volatile.Read(ref target);
            while (true)
            {
                var seen = Interlocked.CompareExchange(ref target, current + value, current);
                if (seen.Equals(current))
                {
                    return;
                }

                current = seen;
            }
        }
    }

    private static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Escape(string text, bool help)
    {
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return help ? escaped : escaped.Replace("\"", "\\\"", StringComparison.Ordinal);
    }
}
