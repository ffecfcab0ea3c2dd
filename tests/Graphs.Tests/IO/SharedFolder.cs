namespace Sluice.Graphs.Tests.IO;

/// <summary>Finds /work/shared (or its clone beside the repository): up from Actors.sln to a dir with shared/conformance.</summary>
internal static class SharedFolder
{
    public static string Conformance(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Actors.sln")))
        {
            dir = dir.Parent;
        }

        for (; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/conformance/" + name + " not found above the directory of Actors.sln");
    }
}
