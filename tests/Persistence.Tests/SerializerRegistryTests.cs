using Sluice.Persistence.Serialization;

namespace Sluice.Persistence.Tests;

public sealed class SerializerRegistryTests
{
    [Fact]
    public void Json_manifest_is_the_full_type_name_without_assembly_or_version()
    {
        var registry = new SerializerRegistry();
        registry.Default.ToBinary(new OrderPlaced("o-1", 2), out var manifest);
        Assert.Equal("Sluice.Persistence.Tests.OrderPlaced", manifest);
    }

    [Fact]
    public void Generic_and_array_payloads_round_trip_through_their_stable_names()
    {
        var registry = new SerializerRegistry();
        var value = new Envelope<OrderPlaced[]>([new OrderPlaced("o-1", 2)], "shop");
        var bytes = registry.Default.ToBinary(value, out var manifest);

        Assert.Equal("Sluice.Persistence.Tests.Envelope`1[Sluice.Persistence.Tests.OrderPlaced[]]", manifest);
        var read = Assert.IsType<Envelope<OrderPlaced[]>>(registry.Default.FromBinary(bytes, manifest));
        Assert.Equal(value.Body, read.Body);
        Assert.Equal("shop", read.Source);
    }

    [Fact]
    public void A_mapped_manifest_reads_rows_of_a_renamed_type()
    {
        var registry = new SerializerRegistry();
        var bytes = registry.Default.ToBinary(new OrderPlaced("o-1", 2), out _);
        registry.MapManifest("Legacy.Orders.OrderPlaced", typeof(OrderPlacedV2));

        Assert.Equal(new OrderPlacedV2("o-1", 2), registry.Default.FromBinary(bytes, "Legacy.Orders.OrderPlaced"));
    }

    [Fact]
    public void An_unknown_manifest_names_the_fix()
    {
        var registry = new SerializerRegistry();
        var error = Assert.Throws<PersistenceException>(() => registry.Default.FromBinary("{}"u8.ToArray(), "Legacy.Orders.OrderPlaced"));
        Assert.Equal(
            "no loaded type is named 'Legacy.Orders.OrderPlaced'; if the type was renamed or moved, map the old name with " +
            "SerializerRegistry.MapManifest(\"Legacy.Orders.OrderPlaced\", typeof(NewName))",
            error.Message);
    }

    [Fact]
    public void A_serializer_bound_to_a_base_type_serializes_derived_types()
    {
        var registry = new SerializerRegistry();
        var custom = new UpperCaseStringSerializer();
        registry.Bind<object>(registry.Default);
        registry.Bind<IComparable>(custom);

        Assert.Same(custom, registry.FindFor(typeof(string)));
        Assert.Same(registry.Default, registry.FindFor(typeof(OrderPlaced)));
        Assert.Same(custom, registry.FindById(custom.Id));
    }

    [Fact]
    public void Two_serializers_cannot_share_an_id()
    {
        var registry = new SerializerRegistry();
        registry.Add(new UpperCaseStringSerializer());
        var error = Assert.Throws<ArgumentException>(() => registry.Add(new UpperCaseStringSerializer()));
        Assert.StartsWith("Serializer id 100 is taken by upper-case; give upper-case another id.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Atomic_write_refuses_mixed_persistence_ids_and_gaps()
    {
        var gap = Assert.Throws<ArgumentException>(() => new AtomicWrite([
            new PersistentRepresentation("p", 1, "a"), new PersistentRepresentation("p", 3, "b")]));
        Assert.StartsWith("The sequence numbers of an atomic write of 'p' must be consecutive, but 3 follows 1.", gap.Message, StringComparison.Ordinal);
        var mixed = Assert.Throws<ArgumentException>(() => new AtomicWrite([
            new PersistentRepresentation("p", 1, "a"), new PersistentRepresentation("q", 2, "b")]));
        Assert.StartsWith("An atomic write holds the events of one persistence id, but it mixes 'p' and 'q'.", mixed.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new AtomicWrite([]));
    }

    private sealed class UpperCaseStringSerializer : Serializer
    {
        public override int Id => 100;

        public override string Name => "upper-case";

        public override byte[] ToBinary(object value, out string manifest)
        {
            manifest = "s";
            return System.Text.Encoding.UTF8.GetBytes(((string)value).ToUpperInvariant());
        }

        public override object FromBinary(byte[] bytes, string manifest) => System.Text.Encoding.UTF8.GetString(bytes);
    }
}
