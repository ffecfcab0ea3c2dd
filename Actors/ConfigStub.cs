// TEMPORARY: replaced by the real HOCON Config when the hocon branch merges.
namespace Sluice.Actors.Configuration;

#pragma warning disable CS1591
public sealed class Config
{
    private readonly Dictionary<string, string> _values;
    private Config(Dictionary<string, string> v) => _values = v;
    public static Config Empty { get; } = new(new Dictionary<string, string>());
    public static Config Reference { get; } = new(new Dictionary<string, string>
    {
        ["sluice.loglevel"] = "info",
        ["sluice.actor.ask-timeout"] = "infinite",
        ["sluice.actor.dead-letters-log-max"] = "10",
        ["sluice.actor.dead-letters-log-interval"] = "10s",
        ["sluice.actor.guardian-max-restarts"] = "-1",
        ["sluice.actor.guardian-restart-window"] = "infinite",
        ["sluice.actor.dispatchers.default.type"] = "thread-pool",
        ["sluice.actor.dispatchers.default.throughput"] = "30",
        ["sluice.actor.dispatchers.pinned.type"] = "pinned",
        ["sluice.actor.dispatchers.pinned.throughput"] = "100",
        ["sluice.actor.mailboxes.default.type"] = "unbounded",
        ["sluice.actor.mailboxes.default.capacity"] = "1000",
        ["sluice.actor.mailboxes.bounded.type"] = "bounded",
        ["sluice.actor.mailboxes.bounded.capacity"] = "1000",
        ["sluice.actor.stash-capacity"] = "-1",
        ["sluice.test.timefactor"] = "1.0",
        ["sluice.test.single-expect-default"] = "3s",
        ["sluice.test.expect-no-message-default"] = "100ms",
    });
    public static Config Parse(string text, string? originName = null)
    {
        var d = new Dictionary<string, string>();
        foreach (var line in text.Split('\n'))
        {
            var i = line.IndexOf('=', StringComparison.Ordinal);
            if (i > 0) d[line[..i].Trim()] = line[(i + 1)..].Trim().Trim('"');
        }
        return new Config(d);
    }
    public static Config Load(Config? application = null) => (application ?? Empty).WithFallback(Reference);
    public Config WithFallback(Config fallback)
    {
        var d = new Dictionary<string, string>(fallback._values);
        foreach (var kv in _values) d[kv.Key] = kv.Value;
        return new Config(d);
    }
    public bool HasPath(string path) => _values.ContainsKey(path) || _values.Keys.Any(k => k.StartsWith(path + ".", StringComparison.Ordinal));
    public string GetString(string path) => _values.TryGetValue(path, out var v) ? v : throw new InvalidOperationException($"No configuration setting found for key '{path}'");
    public int GetInt(string path) => int.Parse(GetString(path), System.Globalization.CultureInfo.InvariantCulture);
    public long GetLong(string path) => long.Parse(GetString(path), System.Globalization.CultureInfo.InvariantCulture);
    public double GetDouble(string path) => double.Parse(GetString(path), System.Globalization.CultureInfo.InvariantCulture);
    public bool GetBoolean(string path) => bool.Parse(GetString(path));
    public TimeSpan GetDuration(string path)
    {
        var s = GetString(path);
        if (s == "infinite") return Timeout.InfiniteTimeSpan;
        if (s.EndsWith("ms", StringComparison.Ordinal)) return TimeSpan.FromMilliseconds(double.Parse(s[..^2], System.Globalization.CultureInfo.InvariantCulture));
        if (s.EndsWith('s')) return TimeSpan.FromSeconds(double.Parse(s[..^1], System.Globalization.CultureInfo.InvariantCulture));
        return TimeSpan.FromMilliseconds(double.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
    }
    public Config GetConfig(string path)
    {
        var d = new Dictionary<string, string>();
        foreach (var kv in _values)
            if (kv.Key.StartsWith(path + ".", StringComparison.Ordinal)) d[kv.Key[(path.Length + 1)..]] = kv.Value;
        return new Config(d);
    }
    public IEnumerable<string> Keys => _values.Keys.Select(k => k.Split('.')[0]).Distinct();
}
public class ConfigurationException : Exception
{
    public ConfigurationException() { }
    public ConfigurationException(string message) : base(message) { }
    public ConfigurationException(string message, Exception inner) : base(message, inner) { }
}
public static class ConfigValidation
{
    public static IReadOnlyList<string> UnknownKeys(Config user, Config reference, string prefix = "sluice") => [];
}
