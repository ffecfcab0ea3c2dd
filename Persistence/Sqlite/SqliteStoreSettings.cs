namespace Sluice.Persistence.Sqlite;

/// <summary>Where and how the SQLite journal and snapshot store keep their file.</summary>
/// <param name="DataDirectory">Directory of the database file; created if missing.</param>
/// <param name="FileName">File name of the database inside <paramref name="DataDirectory"/>; the journal and the
/// snapshot store may share one file.</param>
/// <param name="BusyTimeoutSeconds">How long a statement waits for another process's write lock before it fails.</param>
public sealed record SqliteStoreSettings(string DataDirectory, string FileName = "persistence.db", int BusyTimeoutSeconds = 30)
{
    /// <summary>Full path of the database file.</summary>
    public string FilePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));
}
