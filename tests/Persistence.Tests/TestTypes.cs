namespace Sluice.Persistence.Tests;

public sealed record OrderPlaced(string OrderId, int Items);

public sealed record OrderPlacedV2(string OrderId, int Items);

public sealed record Envelope<T>(T Body, string Source);
