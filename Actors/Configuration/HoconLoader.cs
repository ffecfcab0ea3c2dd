namespace Sluice.Actors.Configuration;

/// <summary>
/// Reads configuration text and files into unresolved trees, choosing the syntax by extension, and carries out
/// include statements (HOCON.md, "Includes"): relative names are found next to the including file (or in the current
/// directory for a string), a name without a known extension loads <c>.properties</c>, <c>.json</c> and <c>.conf</c>
/// of that name and merges them in that order, a missing file is ignored unless the include is <c>required(...)</c>,
/// and a file that includes itself, directly or through others, is an error.
/// </summary>
internal static class HoconLoader
{
    private const int MaxIncludeDepth = 50;

    public static HoconObject ParseText(string text, string origin, string baseDirectory) =>
        HoconParser.Parse(text, new HoconParseContext(origin, null, baseDirectory, HoconSyntax.Hocon, [], null));

    public static HoconObject ParseFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ConfigurationException($"{path}: configuration file not found (looked for {fullPath})", path, 0, 0);
        }

        return Load(fullPath, path, SyntaxOf(path), [], null);
    }

    public static HoconSyntax SyntaxOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => HoconSyntax.Json,
        ".properties" => HoconSyntax.Properties,
        _ => HoconSyntax.Hocon,
    };

    /// <summary>Carries out an include statement met while parsing under <paramref name="context"/>.</summary>
    /// <returns>The included object, empty when the resource does not exist and is not required.</returns>
    public static HoconObject Include(HoconIncludeSpec spec, HoconParseContext context, HoconLocation at)
    {
        var name = spec.Name;
        var kind = spec.Kind;
        if (kind == HoconIncludeKind.Heuristic && Uri.TryCreate(name, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1)
        {
            if (!uri.IsFile)
            {
                kind = HoconIncludeKind.Url;
            }
            else
            {
                name = uri.LocalPath;
            }
        }

        switch (kind)
        {
            case HoconIncludeKind.Url:
                throw Error(context, spec,
                    $"include url(\"{spec.Name}\") is not supported: Sluice reads configuration from files only; download it and use include file(\"...\")");
            case HoconIncludeKind.Classpath when spec.Required:
                throw Error(context, spec,
                    $"required include classpath(\"{spec.Name}\") cannot be found: .NET has no Java classpath; use include file(\"...\")");
            case HoconIncludeKind.Classpath:
                return new HoconObject(new ConfigOrigin(context.Origin, spec.Line), spec.Column);
        }

        var rooted = Path.IsPathRooted(name);
        var fullBase = rooted ? name : Path.GetFullPath(Path.Combine(context.BaseDirectory, name));
        var originBase = rooted || context.FullPath is null ? name : Path.Join(Path.GetDirectoryName(context.Origin), name);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        (string FullPath, string Origin)[] candidates =
            extension is ".conf" or ".json" or ".properties" || File.Exists(fullBase)
                ? [(fullBase, originBase)]
                : [(fullBase + ".properties", originBase + ".properties"), (fullBase + ".json", originBase + ".json"), (fullBase + ".conf", originBase + ".conf")];

        HoconObject? result = null;
        foreach (var (fullPath, origin) in candidates)
        {
            if (!File.Exists(fullPath))
            {
                continue;
            }

            var cycle = context.IncludeChain.Any(c => string.Equals(c.FullPath, fullPath, StringComparison.Ordinal));
            if (cycle || context.IncludeChain.Count >= MaxIncludeDepth)
            {
                var chain = string.Join(" -> ", context.IncludeChain.Select(c => c.Origin).Append(origin));
                throw Error(context, spec, cycle
                    ? $"include cycle: {chain}; a file may not include itself, directly or through other files"
                    : $"includes nested more than {MaxIncludeDepth} deep: {chain}");
            }

            var included = Load(fullPath, origin, SyntaxOf(fullPath), [.. context.IncludeChain, (fullPath, origin)], at);
            result = result is null ? included : (HoconObject)HoconMerger.Merge(result, included, mutate: true);
        }

        if (result is null && spec.Required)
        {
            throw Error(context, spec,
                $"required include '{spec.Name}' not found (looked for {string.Join(", ", candidates.Select(c => c.FullPath))})");
        }

        return result ?? new HoconObject(new ConfigOrigin(context.Origin, spec.Line), spec.Column);
    }

    private static HoconObject Load(
        string fullPath, string origin, HoconSyntax syntax, IReadOnlyList<(string, string)> chain, HoconLocation? at)
    {
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{origin}: cannot read the configuration file: {e.Message}", origin, 0, 0, e);
        }

        if (syntax == HoconSyntax.Properties)
        {
            return HoconProperties.Parse(text, origin);
        }

        var directory = Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory();
        IReadOnlyList<(string, string)> includeChain = chain.Count == 0 ? [(fullPath, origin)] : chain;
        return HoconParser.Parse(text, new HoconParseContext(origin, fullPath, directory, syntax, includeChain, at));
    }

    private static ConfigurationException Error(HoconParseContext context, HoconIncludeSpec spec, string detail) =>
        ConfigurationException.At(context.Origin, spec.Line, spec.Column, detail);
}
