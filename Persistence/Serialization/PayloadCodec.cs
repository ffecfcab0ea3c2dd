namespace Sluice.Persistence.Serialization;

/// <summary>
/// Serializes and deserializes stored values through a registry, turning every failure into a
/// <see cref="PersistenceException"/> that names the persistence id, the sequence number and the cause.
/// </summary>
internal static class PayloadCodec
{
    /// <summary>Serializes a value; throws a <see cref="PersistenceException"/> (the write's rejection) on failure.</summary>
    public static SerializedPayload Serialize(SerializerRegistry registry, object value, string what, string persistenceId, long sequenceNr)
    {
        ArgumentNullException.ThrowIfNull(value);
        var serializer = registry.FindFor(value.GetType());
        try
        {
            var bytes = serializer.ToBinary(value, out var manifest);
            return new SerializedPayload(serializer.Id, manifest, bytes);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PersistenceException(
                $"Cannot serialize the {what} of '{persistenceId}' at sequence number {sequenceNr} " +
                $"(type {value.GetType().FullName}) with serializer {serializer}: {e.Message}",
                e);
        }
    }

    /// <summary>Deserializes a stored value; <paramref name="failure"/> says what was being done, e.g.
    /// <c>Recovery of 'order-7' failed at sequence number 42</c>, from the persistence id and sequence number (a
    /// static lambda: nothing is allocated per value unless it fails).</summary>
    public static object Deserialize(
        SerializerRegistry registry, in SerializedPayload payload, string persistenceId, long sequenceNr, Func<string, long, string> failure)
    {
        var serializer = registry.FindById(payload.SerializerId)
            ?? throw new PersistenceException(
                $"{failure(persistenceId, sequenceNr)}: unknown serializer id {payload.SerializerId} (manifest '{payload.Manifest}'); " +
                "add the serializer that wrote it with SerializerRegistry.Add");
        try
        {
            return serializer.FromBinary(payload.Bytes, payload.Manifest);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PersistenceException(
                $"{failure(persistenceId, sequenceNr)}: cannot deserialize manifest '{payload.Manifest}' with serializer {serializer}: {e.Message}", e);
        }
    }

    /// <summary>Deserializes an event of a replay.</summary>
    public static PersistentRepresentation ReadEvent(
        SerializerRegistry registry, string persistenceId, long sequenceNr, in SerializedPayload payload,
        string writerGuid, long timestampTicks, IReadOnlyList<string> tags)
    {
        var value = Deserialize(registry, payload, persistenceId, sequenceNr, static (pid, seq) => $"Recovery of '{pid}' failed at sequence number {seq}");
        return new PersistentRepresentation(
            persistenceId, sequenceNr, value, writerGuid, new DateTime(timestampTicks, DateTimeKind.Utc), tags, payload.Manifest);
    }

    /// <summary>The stored time of an event or snapshot: its own, or now when it has none.</summary>
    public static long TimestampTicks(DateTime timestamp) => timestamp switch
    {
        { Ticks: 0 } => DateTime.UtcNow.Ticks,
        { Kind: DateTimeKind.Local } => timestamp.ToUniversalTime().Ticks,
        _ => timestamp.Ticks,
    };

    /// <summary>Tags as stored: distinct, in ordinal order, so every store replays them alike.</summary>
    public static string[] NormalizeTags(IReadOnlyList<string> tags)
    {
        if (tags.Count == 0)
        {
            return [];
        }

        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            ArgumentException.ThrowIfNullOrEmpty(tag, nameof(tags));
            set.Add(tag);
        }

        return [.. set];
    }
}
