namespace Sluice.Actors.Tests.Configuration;

/// <summary>Finds /shared/conformance/hocon: walk up from the folder of Actors.sln to a folder with a child
/// shared/conformance (CI clones the repository with shared beside it).</summary>
internal static class ConformanceFolder
{
    private static readonly Lazy<string> Folder = new(Find);

    public static string Hocon => Folder.Value;

    public static string PathOf(string relative) => Path.Combine(Hocon, relative);

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Actors.sln")))
        {
            directory = directory.Parent;
        }

        while (directory is not null)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "conformance");
            if (Directory.Exists(candidate))
            {
                return Path.Combine(candidate, "hocon");
            }

            directory = directory.Parent;
        }

        throw new DirectoryNotFoundException("No shared/conformance folder above the folder of Actors.sln");
    }
}
