using System.Collections;
using System.Globalization;

namespace Sluice.Actors.Configuration;

/// <summary>
/// An immutable configuration tree read from HOCON (the full Lightbend HOCON.md spec), JSON or Java properties.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Parse"/> and <see cref="ParseFile"/> return an <em>unresolved</em> config: substitutions such as
/// <c>${a.b}</c> are resolved only after merging, so that <c>application.WithFallback(Reference)</c> lets the
/// application refer to the reference and the reference's values be overridden. <see cref="Resolve"/> resolves
/// explicitly (and reports errors at that point); the getters, <see cref="HasPath"/>, <see cref="Keys"/>,
/// <see cref="Entries"/>, <see cref="Render"/> and <see cref="ToJson"/> resolve lazily, once, on first use, so a config
/// with an unresolvable substitution throws from the first getter called. <see cref="WithFallback"/> always merges the
/// unresolved trees.
/// </para>
/// <para>
/// Substitutions not found in the config fall back to environment variables (<c>${HOME}</c>, <c>${?NOT_SET}</c>), for
/// one-element paths only. Java system properties do not exist in .NET, so <c>${?java.version}</c> is undefined.
/// </para>
/// <example>
/// <code>
/// var config = Config.Load(Config.ParseFile("application.conf"));
/// var throughput = config.GetInt("sluice.actor.dispatchers.default.throughput");
/// var timeout = config.GetDuration("sluice.actor.ask-timeout");   // Timeout.InfiniteTimeSpan for "infinite"
/// </code>
/// </example>
/// </remarks>
public sealed class Config
{
    private const string ReferenceResource = "Sluice.reference.conf";

    private static readonly Lazy<Config> ReferenceConfig = new(LoadReference);

    private readonly HoconObject _root;
    private HoconObject? _resolved;

    private Config(HoconObject root)
    {
        _root = root;
        if (root.IsResolved)
        {
            _resolved = root;
        }
    }

    /// <summary>A config with no settings.</summary>
    public static Config Empty { get; } = new(new HoconObject(new ConfigOrigin("empty", 0), 0, isResolved: true));

    /// <summary>The defaults: <c>hocon/reference.conf</c>, embedded in Sluice.Actors and resolved on its own (so its
    /// substitutions are not affected by an application's settings).</summary>
    public static Config Reference => ReferenceConfig.Value;

    /// <summary>True when the config has no settings.</summary>
    public bool IsEmpty => ResolvedRoot.Count == 0;

    /// <summary>The keys of the root object, in the order they were first defined.</summary>
    public IEnumerable<string> Keys => [.. ResolvedRoot.Keys];

    /// <summary>Parses HOCON text. The result is unresolved (see the remarks on <see cref="Config"/>).</summary>
    /// <param name="text">The HOCON text.</param>
    /// <param name="originName">The name errors and origins use; <c>string</c> when null. Relative includes are found
    /// in the current directory.</param>
    /// <returns>The unresolved config.</returns>
    /// <exception cref="ConfigurationException">The text does not parse, or an include fails.</exception>
    public static Config Parse(string text, string? originName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Config(HoconLoader.ParseText(text, originName ?? "string", Directory.GetCurrentDirectory()));
    }

    /// <summary>Parses a file: <c>.json</c> as JSON, <c>.properties</c> as Java properties, anything else as HOCON.
    /// Relative includes are found next to the file. The result is unresolved.</summary>
    /// <param name="path">The file; errors and origins name it as given.</param>
    /// <returns>The unresolved config.</returns>
    /// <exception cref="ConfigurationException">The file is missing, does not parse, or an include fails.</exception>
    public static Config ParseFile(string path) => new(HoconLoader.ParseFile(path));

    /// <summary>The configuration a Sluice process runs with: <paramref name="application"/> over
    /// <see cref="Reference"/>, resolved. Environment overrides are the caller's choice:
    /// <c>Config.Load(Config.FromEnvironment().WithFallback(app))</c>.</summary>
    /// <param name="application">The application's settings, or null for the defaults alone.</param>
    /// <returns>The resolved config.</returns>
    public static Config Load(Config? application = null) => (application ?? Empty).WithFallback(Reference).Resolve();

    /// <summary>
    /// Settings from environment variables: <c>SLUICE_ACTOR__THROUGHPUT=5</c> becomes <c>sluice.actor.throughput = "5"</c>.
    /// The prefix without its trailing underscores, lower-cased, is the first path element; the rest of the name is
    /// split on double underscores into path elements, each lower-cased with single underscores turned into hyphens
    /// (<c>SLUICE_ACTOR__ASK_TIMEOUT</c> is <c>sluice.actor.ask-timeout</c>). Values are strings; the getters convert
    /// them. Names with an empty element (<c>SLUICE_A____B</c>) are ignored.
    /// </summary>
    /// <param name="prefix">The prefix of the variables to read, matched without regard to case.</param>
    /// <returns>A resolved config, to put over the application's: <c>FromEnvironment().WithFallback(app)</c>.</returns>
    public static Config FromEnvironment(string prefix = "SLUICE_")
    {
        var variables = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables.Add(new(name, value));
            }
        }

        return FromEnvironment(prefix, variables);
    }

    /// <summary>Merges two configs: settings of this one win; objects present in both merge key by key (HOCON.md,
    /// "Config object merging and file merging"). Substitutions stay unresolved until <see cref="Resolve"/>.</summary>
    /// <param name="fallback">The config whose settings apply where this one has none.</param>
    /// <returns>The merged config.</returns>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new Config((HoconObject)HoconMerger.Merge(fallback._root, _root, mutate: false));
    }

    /// <summary>Resolves every substitution, looking up environment variables for those the config does not
    /// define.</summary>
    /// <returns>The resolved config (this one when it is resolved already).</returns>
    /// <exception cref="ConfigurationException">A substitution is undefined, or substitutions form a cycle.</exception>
    public Config Resolve() => ReferenceEquals(ResolvedRoot, _root) ? this : new Config(ResolvedRoot);

    /// <summary>True when the path has a value other than null.</summary>
    /// <param name="path">A path expression such as <c>sluice.actor.ask-timeout</c> or <c>a."b.c"</c>.</param>
    /// <returns>Whether a non-null value exists there.</returns>
    public bool HasPath(string path) => Find(path) is { } value && value is not HoconScalar { Kind: HoconScalarKind.Null };

    /// <summary>A string; numbers and booleans are returned as written.</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigurationException">The path has no value, or it is null, an object or a list.</exception>
    public string GetString(string path) => ReadString(path, Get(path));

    /// <summary>A whole number in the range of <see cref="int"/>; numeric strings are converted.</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigurationException">The path has no value, or it is not such a number.</exception>
    public int GetInt(string path) => (int)ReadWhole(path, Get(path), int.MinValue, int.MaxValue);

    /// <summary>A whole number in the range of <see cref="long"/>; numeric strings are converted.</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigurationException">The path has no value, or it is not such a number.</exception>
    public long GetLong(string path) => ReadWhole(path, Get(path), long.MinValue, long.MaxValue);

    /// <summary>A number; numeric strings are converted.</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigurationException">The path has no value, or it is not a number.</exception>
    public double GetDouble(string path)
    {
        var value = Get(path);
        return value is HoconScalar scalar && scalar.TryGetDouble(out var number) ? number : throw WrongType(path, value, "a number");
    }

    /// <summary>A boolean: <c>true</c>/<c>false</c>, or the strings true, yes, on, false, no, off.</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigurationException">The path has no value, or it is not a boolean.</exception>
    public bool GetBoolean(string path)
    {
        var value = Get(path);
        return value is HoconScalar { Kind: HoconScalarKind.Boolean or HoconScalarKind.String } scalar
            ? scalar.Text switch
            {
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => throw WrongType(path, value, "a boolean (true/false, yes/no, on/off)"),
            }
            : throw WrongType(path, value, "a boolean (true/false, yes/no, on/off)");
    }

    /// <summary>A duration: a number and a unit (<c>10s</c>, <c>10 seconds</c>, <c>1.5m</c>, <c>250ms</c>, <c>2d</c>;
    /// units ns, us, ms, s, m, h, d and their long names), a bare number of milliseconds, or <c>infinite</c>, which
    /// is <see cref="Timeout.InfiniteTimeSpan"/>. Precision is that of <see cref="TimeSpan"/> (100 ns).</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigurationException">The path has no value, or it is not a duration.</exception>
    public TimeSpan GetDuration(string path) => ReadUnits<TimeSpan>(path, ConfigUnits.ParseDuration, "expected a duration such as 10s, 250ms or infinite");

    /// <summary>A calendar period: a whole number and a unit (<c>3d</c>, <c>2 weeks</c>, <c>6mo</c>, <c>1y</c>), or a
    /// bare number of days.</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigurationException">The path has no value, or it is not a period.</exception>
    public ConfigPeriod GetPeriod(string path) => ReadUnits<ConfigPeriod>(path, ConfigUnits.ParsePeriod, "expected a period such as 3d, 2 weeks, 6mo or 1y");

    /// <summary>A size in bytes: a number and a unit (<c>512k</c>, <c>10MiB</c>, <c>1GB</c>, <c>100 bytes</c>), or a
    /// bare number of bytes. kB, MB, GB ... are powers of 10; K, Ki, KiB, M, MiB ... are powers of 2.</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConfigurationException">The path has no value, or it is not a size that fits a long.</exception>
    public long GetBytes(string path) => ReadUnits<long>(path, ConfigUnits.ParseBytes, "expected a size in bytes such as 512k, 10MiB or 100 bytes");

    /// <summary>A list of strings (numbers and booleans as written). An object with numeric keys counts as a list
    /// (HOCON.md, "Conversion of numerically-indexed objects to arrays").</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The values.</returns>
    /// <exception cref="ConfigurationException">The path has no value, or it is not such a list.</exception>
    public IReadOnlyList<string> GetStringList(string path)
    {
        var items = GetList(path);
        var result = new string[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            result[i] = ReadString($"{path}[{i}]", items[i]);
        }

        return result;
    }

    /// <summary>A list of whole numbers in the range of <see cref="int"/>.</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The values.</returns>
    /// <exception cref="ConfigurationException">The path has no value, or it is not such a list.</exception>
    public IReadOnlyList<int> GetIntList(string path)
    {
        var items = GetList(path);
        var result = new int[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            result[i] = (int)ReadWhole($"{path}[{i}]", items[i], int.MinValue, int.MaxValue);
        }

        return result;
    }

    /// <summary>A list of objects, each as a config.</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The configs.</returns>
    /// <exception cref="ConfigurationException">The path has no value, or it is not a list of objects.</exception>
    public IReadOnlyList<Config> GetConfigList(string path)
    {
        var items = GetList(path);
        var result = new Config[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            result[i] = items[i] is HoconObject obj ? new Config(obj) : throw WrongType($"{path}[{i}]", items[i], "an object");
        }

        return result;
    }

    /// <summary>The object at a path as a config; <see cref="Empty"/> when the path has no value or is null.</summary>
    /// <param name="path">The path of the object.</param>
    /// <returns>The sub-tree.</returns>
    /// <exception cref="ConfigurationException">The value at the path is not an object.</exception>
    public Config GetConfig(string path) => Find(path) switch
    {
        null or HoconScalar { Kind: HoconScalarKind.Null } => Empty,
        HoconObject obj => new Config(obj),
        var other => throw WrongType(path, other, "an object"),
    };

    /// <summary>Every leaf (a value that is not an object, or an empty object) as its full path and its value
    /// rendered as HOCON on one line (strings quoted), depth first in definition order. Lists are leaves.</summary>
    /// <returns>The (path, value) pairs.</returns>
    public IEnumerable<KeyValuePair<string, string>> Entries()
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (path, value) in Leaves(ResolvedRoot))
        {
            result.Add(new(HoconPath.Render(path), HoconRenderer.RenderInline(value)));
        }

        return result;
    }

    /// <summary>Where the value at a path was written, or null when the path has no value. A value that came through
    /// a substitution has the origin of the value it refers to.</summary>
    /// <param name="path">The path of the setting.</param>
    /// <returns>The file (or other source) and line.</returns>
    public ConfigOrigin? GetOrigin(string path) => Find(path)?.Origin;

    /// <summary>The resolved config as HOCON text (no root braces, strings quoted) that parses back to the same
    /// tree.</summary>
    /// <returns>The text.</returns>
    public string Render() => HoconRenderer.Render(ResolvedRoot);

    /// <summary>The resolved config as indented JSON that System.Text.Json reads. Numbers are written as their
    /// value (<c>1.50</c> stays <c>1.50</c>, <c>007</c> becomes <c>7</c>, <c>1e5</c> becomes <c>100000</c>).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => HoconRenderer.ToJson(ResolvedRoot);

    /// <summary>Renders the config as HOCON, like <see cref="Render"/>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Render();

    internal HoconObject ResolvedRoot => _resolved ?? ResolveWith(Environment.GetEnvironmentVariable);

    /// <summary>Settings from the given variables, named as <see cref="FromEnvironment(string)"/> describes (for tests and
    /// hosts that read variables from elsewhere).</summary>
    /// <param name="prefix">The prefix of the variables to read, matched without regard to case.</param>
    /// <param name="variables">The variables, as name and value.</param>
    /// <returns>A resolved config.</returns>
    public static Config FromEnvironment(string prefix, IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var root = new HoconObject(new ConfigOrigin("environment", 0), 0);
        var first = prefix.TrimEnd('_').ToLowerInvariant();
        foreach (var (name, value) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || name.Length == prefix.Length)
            {
                continue;
            }

            var elements = name[prefix.Length..].Split("__")
                .Select(e => e.ToLowerInvariant().Replace('_', '-'))
                .ToList();
            if (elements.Any(e => e.Length == 0))
            {
                continue;
            }

            if (first.Length > 0)
            {
                elements.Insert(0, first);
            }

            HoconProperties.Insert(root, [.. elements], HoconScalar.String(value, new ConfigOrigin($"environment variable {name}", 0)));
        }

        return new Config(MarkResolved(root));
    }

    /// <summary>Resolves with a given environment (tests use this instead of the process environment).</summary>
    internal Config ResolveWithEnvironment(Func<string, string?> environment) => new(HoconResolver.Resolve(_root, environment));

    internal static IEnumerable<(string[] Path, HoconValue Value)> Leaves(HoconObject root)
    {
        var stack = new Stack<(string[] Path, HoconValue Value)>();
        stack.Push(([], root));
        while (stack.Count > 0)
        {
            var (path, value) = stack.Pop();
            if (value is HoconObject obj && (obj.Count > 0 || path.Length == 0))
            {
                foreach (var (key, child) in obj.Fields.Reverse())
                {
                    stack.Push(([.. path, key], child));
                }
            }
            else
            {
                yield return (path, value);
            }
        }
    }

    private HoconObject ResolveWith(Func<string, string?> environment)
    {
        var resolved = HoconResolver.Resolve(_root, environment);
        return Interlocked.CompareExchange(ref _resolved, resolved, null) ?? resolved;
    }

    private static HoconObject MarkResolved(HoconObject obj)
    {
        var result = new HoconObject(obj.Origin, obj.Column, isResolved: true);
        foreach (var (key, value) in obj.Fields)
        {
            result[key] = value is HoconObject child ? MarkResolved(child) : value;
        }

        return result;
    }

    private static Config LoadReference()
    {
        using var stream = typeof(Config).Assembly.GetManifestResourceStream(ReferenceResource)
            ?? throw new InvalidOperationException($"The embedded resource {ReferenceResource} is missing from Sluice.Actors.");
        using var reader = new StreamReader(stream);
        var root = HoconLoader.ParseText(reader.ReadToEnd(), "reference.conf", AppContext.BaseDirectory);
        return new Config(HoconResolver.Resolve(root, Environment.GetEnvironmentVariable));
    }

    private HoconValue? Find(string path)
    {
        HoconValue current = ResolvedRoot;
        foreach (var element in HoconPath.Parse(path))
        {
            if (current is not HoconObject obj || !obj.TryGetValue(element, out current!))
            {
                return null;
            }
        }

        return current;
    }

    private HoconValue Get(string path) =>
        Find(path) ?? throw new ConfigurationException($"No configuration setting found for key '{path}'");

    private IReadOnlyList<HoconValue> GetList(string path)
    {
        var value = Get(path);
        if (value is HoconArray array)
        {
            return array.Items;
        }

        // An object whose keys are indexes is a list (keys that are not indexes are ignored).
        if (value is HoconObject obj)
        {
            var indexed = new List<(int Index, HoconValue Value)>();
            foreach (var (key, item) in obj.Fields)
            {
                if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    indexed.Add((index, item));
                }
            }

            if (indexed.Count > 0)
            {
                return [.. indexed.OrderBy(i => i.Index).Select(i => i.Value)];
            }
        }

        throw WrongType(path, value, "a list");
    }

    private static string ReadString(string path, HoconValue value) =>
        value is HoconScalar { Kind: not HoconScalarKind.Null } scalar ? scalar.Text : throw WrongType(path, value, "a string");

    private static long ReadWhole(string path, HoconValue value, long min, long max)
    {
        if (value is not HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar)
        {
            throw WrongType(path, value, "a number");
        }

        var text = scalar.Text.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole >= min && whole <= max ? whole : throw WrongType(path, value, $"a number from {min} to {max}");
        }

        if (!scalar.TryGetDouble(out var number))
        {
            throw WrongType(path, value, "a number");
        }

        if (Math.Floor(number) != number)
        {
            throw WrongType(path, value, "a whole number");
        }

        return number >= min && number <= max ? (long)number : throw WrongType(path, value, $"a number from {min} to {max}");
    }

    private T ReadUnits<T>(string path, UnitParser<T> parse, string expectation)
        where T : struct
    {
        var value = Get(path);
        string? error = expectation;
        return value is HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar
            && parse(scalar.Text, out error) is { } result
            ? result
            : throw new ConfigurationException(
                $"{path}: {error}, found {Describe(value)} ({value.Origin})", value.Origin.Description, value.Origin.Line, value.Column);
    }

    private static ConfigurationException WrongType(string path, HoconValue value, string expected) =>
        new($"{path}: expected {expected}, found {Describe(value)} ({value.Origin})", value.Origin.Description, value.Origin.Line, value.Column);

    private delegate T? UnitParser<T>(string text, out string? error)
        where T : struct;

    internal static string Describe(HoconValue value) => value switch
    {
        HoconScalar scalar => scalar.Describe(),
        HoconObject => "an object",
        _ => "a list",
    };
}
