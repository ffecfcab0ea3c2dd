using System.Text.Json;

namespace Sluice.Persistence.Serialization;

/// <summary>
/// The default serializer (id 1): System.Text.Json with the stable type name (see <see cref="TypeManifests"/>) as manifest.
/// </summary>
public sealed class JsonSerializer : Serializer
{
    /// <summary>The id rows written by this serializer carry.</summary>
    public const int SerializerId = 1;

    private readonly TypeManifests _manifests;
    private readonly JsonSerializerOptions _options;

    /// <summary>Creates the serializer.</summary>
    /// <param name="manifests">Maps manifests to types and back.</param>
    /// <param name="options">JSON options; null uses the System.Text.Json defaults.</param>
    public JsonSerializer(TypeManifests manifests, JsonSerializerOptions? options = null)
    {
        _manifests = manifests ?? throw new ArgumentNullException(nameof(manifests));
        _options = options ?? JsonSerializerOptions.Default;
    }

    /// <inheritdoc />
    public override int Id => SerializerId;

    /// <inheritdoc />
    public override string Name => "System.Text.Json";

    /// <inheritdoc />
    public override byte[] ToBinary(object value, out string manifest)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        manifest = _manifests.ManifestOf(type);
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, type, _options);
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        var type = _manifests.TypeOf(manifest);
        return System.Text.Json.JsonSerializer.Deserialize(bytes, type, _options)
            ?? throw new JsonException("The stored JSON is 'null'.");
    }
}
