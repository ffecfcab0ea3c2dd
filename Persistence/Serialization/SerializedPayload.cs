namespace Sluice.Persistence.Serialization;

/// <summary>What a row stores for one value: serializer id, manifest and bytes.</summary>
internal readonly record struct SerializedPayload(int SerializerId, string Manifest, byte[] Bytes);
