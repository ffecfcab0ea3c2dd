namespace Sluice.Graphs.Materialization;

/// <summary>
/// The materializer's view of a graph: a tree of immutable modules. Leaves are stages; a composite lists its
/// children, the edges between their ports (by child index and port index, so one child module may appear many
/// times) and which child ports it exposes, in the order of its shape's ports. Blueprints share modules freely.
/// </summary>
internal abstract class Module
{
    protected Module(Attributes attributes) => Attributes = attributes;

    public Attributes Attributes { get; }

    public abstract int InletCount { get; }

    public abstract int OutletCount { get; }

    public abstract Module WithAttributes(Attributes attributes);

    /// <summary>This module as a single-child composite carrying <paramref name="attributes"/> and mapping its materialized value.</summary>
    public CompositeModule Wrap(Attributes attributes, Func<object?, object?>? mapMat = null)
    {
        var ins = new PortRef[InletCount];
        for (var i = 0; i < ins.Length; i++)
        {
            ins[i] = new PortRef(0, i);
        }

        var outs = new PortRef[OutletCount];
        for (var i = 0; i < outs.Length; i++)
        {
            outs[i] = new PortRef(0, i);
        }

        Func<object?[], object?> mat = mapMat is null ? static m => m[0] : m => mapMat(m[0]);
        return new CompositeModule([this], [], ins, outs, mat, attributes);
    }
}

/// <summary>A port of a child of a composite: child index and port index in the child's shape.</summary>
internal readonly record struct PortRef(int Child, int Port);

/// <summary>An edge inside a composite: an outlet of one child to an inlet of another (or the same).</summary>
internal readonly record struct Edge(PortRef From, PortRef To);

/// <summary>A leaf: one stage.</summary>
internal sealed class StageModule : Module
{
    public StageModule(IStageBlueprint stage, Attributes attributes)
        : base(attributes) => Stage = stage;

    public IStageBlueprint Stage { get; }

    public override int InletCount => Stage.Shape.Inlets.Count;

    public override int OutletCount => Stage.Shape.Outlets.Count;

    public override Module WithAttributes(Attributes attributes) => new StageModule(Stage, Attributes.And(attributes));
}

/// <summary>A composite of child modules wired together.</summary>
internal sealed class CompositeModule : Module
{
    public CompositeModule(
        Module[] children, Edge[] edges, PortRef[] inlets, PortRef[] outlets, Func<object?[], object?> mat, Attributes attributes)
        : base(attributes)
    {
        Children = children;
        Edges = edges;
        Inlets = inlets;
        Outlets = outlets;
        Mat = mat;
    }

    public Module[] Children { get; }

    public Edge[] Edges { get; }

    public PortRef[] Inlets { get; }

    public PortRef[] Outlets { get; }

    /// <summary>Computes this composite's materialized value from its children's.</summary>
    public Func<object?[], object?> Mat { get; }

    public override int InletCount => Inlets.Length;

    public override int OutletCount => Outlets.Length;

    public override Module WithAttributes(Attributes attributes) =>
        new CompositeModule(Children, Edges, Inlets, Outlets, Mat, Attributes.And(attributes));

    /// <summary>Wires the single outlet of <paramref name="first"/> to the single inlet of <paramref name="second"/>.</summary>
    public static CompositeModule Linear(Module first, Module second, Func<object?[], object?> mat)
    {
        var inlets = first.InletCount == 1 ? new[] { new PortRef(0, 0) } : [];
        var outlets = second.OutletCount == 1 ? new[] { new PortRef(1, 0) } : [];
        return new CompositeModule(
            [first, second], [new Edge(new PortRef(0, 0), new PortRef(1, 0))], inlets, outlets, mat, Attributes.None);
    }
}
