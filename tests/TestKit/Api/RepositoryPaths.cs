namespace Sluice.TestKit;

/// <summary>Finds the repository's folders from a test's output directory.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Actors.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Actors.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Actors.sln not found above {AppContext.BaseDirectory}.");
    }
}
