using System.Data.Common;
using Sluice.Persistence.Serialization;

namespace Sluice.Persistence.Journal;

/// <summary>
/// Reads journal rows selected by the SQL stores, whose queries all return the columns
/// <see cref="Columns"/> in this order, and hands each deserialized event to a callback.
/// </summary>
internal static class EventReader
{
    /// <summary>The column list every event query selects (prefix <c>j.</c> is the journal table).</summary>
    public const string Columns =
        "j.ordering, j.persistence_id, j.sequence_nr, j.timestamp_ticks, j.writer_guid, j.serializer_id, j.manifest, j.payload, j.tags";

    /// <param name="reader">The query's rows.</param>
    /// <param name="registry">Serializers of the payloads.</param>
    /// <param name="persistenceId">The persistence id every row has (a replay of one actor), or null to read it from
    /// each row: when known, the rows' events share it instead of each decoding a copy.</param>
    /// <param name="onEvent">Called with each row's ordering and event.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task ReadAllAsync(
        DbDataReader reader, SerializerRegistry registry, string? persistenceId, Action<long, PersistentRepresentation> onEvent,
        CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var payload = new SerializedPayload(reader.GetInt32(5), reader.GetString(6), (byte[])reader.GetValue(7));
            var tags = reader.IsDBNull(8) ? [] : TagsFromJson(reader.GetString(8));
            var persistent = PayloadCodec.ReadEvent(
                registry, persistenceId ?? reader.GetString(1), reader.GetInt64(2), payload, reader.GetString(4), reader.GetInt64(3), tags);
            onEvent(reader.GetInt64(0), persistent);
        }
    }

    /// <summary>The <c>tags</c> column: a JSON array of strings, NULL when the event has none.</summary>
    public static string? TagsToJson(string[] tags) =>
        tags.Length == 0 ? null : System.Text.Json.JsonSerializer.Serialize(tags);

    private static string[] TagsFromJson(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(json) ?? [];
}
