using Sluice.Graphs.Aggregations;

namespace Sluice.Graphs.Tests.Aggregations;

/// <summary>Input rows of the tests and an order-free rendering of output rows (Spark's CheckNewAnswer compares multisets).</summary>
internal static class Rows
{
    public static long Ms(Event e) => e.Seconds * 1000;

    public static long Ms(long seconds) => seconds * 1000;

    /// <summary>The words of <paramref name="line"/>, each an event at <paramref name="seconds"/> (Spark's explode(split(value, ' '))).</summary>
    public static Event[] Words(string line, long seconds) => line.Split(' ').Select(w => new Event(w, seconds)).ToArray();

    public static Event[] Concat(params Event[][] batches) => batches.SelectMany(b => b).ToArray();

    public static string[] Of<TKey, TValue>(IEnumerable<WindowedRow<TKey, TValue>> rows) =>
        rows.Select(r => $"{r.Key} [{r.Window.StartMs / 1000}, {r.Window.EndMs / 1000}) {r.Value}").Order(StringComparer.Ordinal).ToArray();

    public static string[] Of<TValue>(IEnumerable<WindowedValue<TValue>> rows) =>
        rows.Select(r => $"[{r.Window.StartMs / 1000}, {r.Window.EndMs / 1000}) {r.Value}").Order(StringComparer.Ordinal).ToArray();

    public static string[] Of<TKey, TValue>(IEnumerable<KeyedValue<TKey, TValue>> rows) =>
        rows.Select(r => $"{r.Key} {r.Value}").Order(StringComparer.Ordinal).ToArray();

    public static string[] Expect(params string[] rows) => rows.Order(StringComparer.Ordinal).ToArray();
}

/// <summary>A test row: a key (a word, a user) at a time in seconds.</summary>
internal sealed record Event(string Key, long Seconds);
