using System.Data.Common;

namespace Sluice.Graphs.Queries.Sinks.Sql;

/// <summary>Opening a database connection for the SQL sinks and the checkpoint stores.</summary>
internal static class DbConnections
{
    /// <summary>
    /// Opens <paramref name="connection"/> and runs <paramref name="setup"/> on it (pragmas), or disposes it and rethrows
    /// when either fails: a caller never holds a half-opened connection.
    /// </summary>
    public static async Task<T> OpenAsync<T>(T connection, string? setup, CancellationToken cancellationToken)
        where T : DbConnection
    {
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (setup is not null)
            {
                using var command = connection.CreateCommand();
                command.CommandText = setup;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
