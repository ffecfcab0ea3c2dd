using System.Net.Sockets;
using Npgsql;
using Sluice.Actors.Configuration;

namespace Sluice.Host.Jobs;

/// <summary>Opens one connection to a PostgreSQL server before a job or command uses it, turning its failure into a message that says what to fix.</summary>
internal static class PostgresLogin
{
    /// <summary>Connects with <paramref name="connectionString"/> and closes again.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="subject">Whose connection it is, e.g. <c>Job 'wc'</c>.</param>
    /// <param name="settingPath">Where the connection string is set, e.g. <c>sluice.jobs[0].checkpoint.connection</c>.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="ConfigurationException">The server refuses the login, or the database does not exist.</exception>
    /// <exception cref="CheckpointUnavailableException">The server cannot be reached.</exception>
    public static async Task CheckAsync(string connectionString, string subject, string settingPath, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var server = $"{builder.Host}:{builder.Port}";
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState.StartsWith("28", StringComparison.Ordinal))
            {
                throw new ConfigurationException(
                    $"{subject}: the PostgreSQL server {server} refused the login of user '{builder.Username}' ({settingPath}): {e.SqlState}: {e.MessageText}. " +
                    "Correct Username and Password in the connection string, or have the database administrator allow this user to connect (pg_hba.conf, CREATE ROLE ... LOGIN).",
                    e);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                throw new ConfigurationException(
                    $"{subject}: the PostgreSQL server {server} has no database '{builder.Database}' ({settingPath}): {e.MessageText}. " +
                    "Correct Database in the connection string, or create the database (CREATE DATABASE ...).",
                    e);
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                throw new CheckpointUnavailableException(
                    $"{subject}: cannot reach the PostgreSQL server {server} ({settingPath}): {Cause(e)}. " +
                    "Start the server, or correct Host and Port in the connection string; check that no firewall blocks the port.",
                    e);
            }
        }
    }

    private static string Cause(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return innermost.Message.TrimEnd('.');
    }
}
