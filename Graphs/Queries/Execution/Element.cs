namespace Sluice.Graphs.Queries.Execution;

/// <summary>What an element of a compiled query carries: a data row or one of the in-band control markers.</summary>
internal enum ElementKind : byte
{
    /// <summary>A data row.</summary>
    Row,

    /// <summary>The start of an epoch: carries the epoch's facts (id, batch timestamp, watermarks).</summary>
    EpochStart,

    /// <summary>The end of an epoch (checkpoint barrier N).</summary>
    Barrier,

    /// <summary>
    /// Continuous mode: the rows the source read together have all been emitted. Stages that batch rows (the routing of
    /// a stateful operator) hand their partial batches on at once, and the sink hands the rows produced so far to the
    /// query sink: rows flow without waiting for the epoch's barrier. Carries the time the rows entered the query.
    /// </summary>
    Flush,
}

/// <summary>
/// The element type of every stage of a compiled query: a row with its event time, or a marker (epoch start, barrier)
/// that references the epoch's shared <see cref="EpochFacts"/>. A struct, so rows travel without allocation.
/// </summary>
internal readonly struct Element<T>
{
    private Element(ElementKind kind, T value, long eventTimeMs, EpochFacts? epoch)
    {
        Kind = kind;
        Value = value;
        EventTimeMs = eventTimeMs;
        Epoch = epoch;
    }

    public ElementKind Kind { get; }

    public T Value { get; }

    public long EventTimeMs { get; }

    /// <summary>A flush marker's ingress time: <see cref="System.Diagnostics.Stopwatch"/> ticks when its rows entered the query.</summary>
    public long IngressTicks => EventTimeMs;

    /// <summary>The epoch of a marker; null for rows.</summary>
    public EpochFacts? Epoch { get; }

    public bool IsRow => Kind == ElementKind.Row;

    public static Element<T> Row(T value, long eventTimeMs) => new(ElementKind.Row, value, eventTimeMs, null);

    public static Element<T> Marker(ElementKind kind, EpochFacts epoch) => new(kind, default!, 0, epoch);

    /// <summary>A flush marker for rows that entered the query at <paramref name="ingressTicks"/>.</summary>
    public static Element<T> Flush(EpochFacts epoch, long ingressTicks) => new(ElementKind.Flush, default!, ingressTicks, epoch);

    /// <summary>The same marker for a stage whose output type differs.</summary>
    public Element<TOut> AsMarker<TOut>() => Kind == ElementKind.Flush ? Element<TOut>.Flush(Epoch!, EventTimeMs) : Element<TOut>.Marker(Kind, Epoch!);
}
