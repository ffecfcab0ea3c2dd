namespace Sluice.Persistence.Postgres;

/// <summary>
/// The DDL of the PostgreSQL store, for automatic creation and for a DBA to run by hand
/// (<c>sluice</c> prints it).
/// </summary>
public static class PostgresSchema
{
    /// <summary>Version of the schema this code writes; recorded in <c>schema_version</c>.</summary>
    public const int Version = 1;

    /// <summary>The script creating the schema and its tables; idempotent (IF NOT EXISTS everywhere).</summary>
    /// <param name="schemaName">The schema, e.g. <c>sluice</c>.</param>
    /// <returns>SQL text, statements separated by semicolons.</returns>
    public static string CreateScript(string schemaName)
    {
        var s = Quote(schemaName);
        return $"""
            -- Sluice persistence schema version {Version}.
            CREATE SCHEMA IF NOT EXISTS {s};

            CREATE TABLE IF NOT EXISTS {s}.schema_version (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now());

            -- Events. ordering is the journal-wide position (assigned in commit order: writers take an advisory lock).
            CREATE TABLE IF NOT EXISTS {s}.journal (
                ordering bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                persistence_id text NOT NULL,
                sequence_nr bigint NOT NULL,
                timestamp_ticks bigint NOT NULL,
                writer_guid text NOT NULL,
                serializer_id integer NOT NULL,
                manifest text NOT NULL,
                payload bytea NOT NULL,
                tags text NULL,
                CONSTRAINT journal_persistence_id_sequence_nr UNIQUE (persistence_id, sequence_nr));

            CREATE TABLE IF NOT EXISTS {s}.journal_tag (
                tag text NOT NULL,
                ordering bigint NOT NULL REFERENCES {s}.journal (ordering) ON DELETE CASCADE,
                PRIMARY KEY (tag, ordering));

            -- Highest sequence number of actors whose events were deleted.
            CREATE TABLE IF NOT EXISTS {s}.journal_metadata (
                persistence_id text PRIMARY KEY,
                highest_sequence_nr bigint NOT NULL);

            CREATE TABLE IF NOT EXISTS {s}.snapshot (
                persistence_id text NOT NULL,
                sequence_nr bigint NOT NULL,
                timestamp_ticks bigint NOT NULL,
                serializer_id integer NOT NULL,
                manifest text NOT NULL,
                payload bytea NOT NULL,
                PRIMARY KEY (persistence_id, sequence_nr));

            INSERT INTO {s}.schema_version (version) VALUES ({Version}) ON CONFLICT DO NOTHING;

            """;
    }

    /// <summary>Quotes an identifier for SQL text.</summary>
    internal static string Quote(string identifier)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identifier);
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
