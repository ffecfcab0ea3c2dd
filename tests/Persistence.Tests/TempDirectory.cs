namespace Sluice.Persistence.Tests;

/// <summary>A temporary directory deleted on dispose; an xunit class fixture.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sluice-persist-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
