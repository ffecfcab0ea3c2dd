using Sluice.Graphs.Materialization;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Dsl;

/// <summary>
/// Builds graphs that are not a straight line (fan-in, fan-out, cycles). Inside the block, <c>b.Add(graph)</c>
/// returns the graph's ports, <c>b.From(outlet).Via(flow).To(inlet)</c> connects them, and the block returns the
/// shape of the result: <see cref="ClosedShape.Instance"/> for a runnable graph, or a shape made of the ports left
/// open. Every port must be connected exactly once or be part of the returned shape.
/// </summary>
/// <example><code>
/// var graph = GraphDsl.Create(b =&gt;
/// {
///     var bcast = b.Add(new Broadcast&lt;int&gt;(2));
///     var zip = b.Add(Zip.Create&lt;int, int&gt;());
///     b.From(bcast.Out(0)).Via(Flow.Create&lt;int&gt;().Select(x =&gt; x * 10)).To(zip.In0);
///     b.From(bcast.Out(1)).To(zip.In1);
///     return new FlowShape&lt;int, (int, int)&gt;(bcast.In, zip.Out);
/// });
/// </code></example>
public static class GraphDsl
{
    /// <summary>Builds a graph that materializes <see cref="NotUsed"/>.</summary>
    public static IGraph<TShape, NotUsed> Create<TShape>(Func<Builder, TShape> build)
        where TShape : Shape
    {
        ArgumentNullException.ThrowIfNull(build);
        var b = new Builder();
        var shape = build(b);
        return b.Result<TShape, NotUsed>(shape, static _ => NotUsed.Instance);
    }

    /// <summary>Builds a graph around <paramref name="graph"/>, whose materialized value it keeps; the block receives its ports.</summary>
    public static IGraph<TShape, TMat> Create<TShape, TShape1, TMat>(IGraph<TShape1, TMat> graph, Func<Builder, TShape1, TShape> build)
        where TShape : Shape
        where TShape1 : Shape
    {
        ArgumentNullException.ThrowIfNull(build);
        var b = new Builder();
        var ports = b.Add(graph);
        var shape = build(b, ports);
        return b.Result<TShape, TMat>(shape, static m => m[0]);
    }

    /// <summary>Builds a graph around two graphs, combining their materialized values.</summary>
    public static IGraph<TShape, TMat> Create<TShape, TShape1, TShape2, TMat1, TMat2, TMat>(
        IGraph<TShape1, TMat1> graph1, IGraph<TShape2, TMat2> graph2, Func<TMat1, TMat2, TMat> combine, Func<Builder, TShape1, TShape2, TShape> build)
        where TShape : Shape
        where TShape1 : Shape
        where TShape2 : Shape
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(combine);
        var b = new Builder();
        var ports1 = b.Add(graph1);
        var ports2 = b.Add(graph2);
        var shape = build(b, ports1, ports2);
        return b.Result<TShape, TMat>(shape, m => combine((TMat1)m[0]!, (TMat2)m[1]!));
    }

    /// <summary>Collects the parts and connections of a graph under construction.</summary>
    public sealed class Builder
    {
        private readonly List<Module> _children = [];
        private readonly Dictionary<Inlet, PortRef> _inlets = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<Outlet, PortRef> _outlets = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<object> _used = new(ReferenceEqualityComparer.Instance);
        private readonly List<Edge> _edges = [];
        private bool _done;

        internal Builder()
        {
        }

        /// <summary>Adds <paramref name="graph"/> (its own copy each time) and returns its ports.</summary>
        public TShape Add<TShape, TMat>(IGraph<TShape, TMat> graph)
            where TShape : Shape
        {
            ArgumentNullException.ThrowIfNull(graph);
            CheckOpen();
            var index = _children.Count;
            _children.Add(graph.Module);
            var copy = (TShape)graph.Shape.DeepCopy();
            for (var i = 0; i < copy.Inlets.Count; i++)
            {
                _inlets.Add(copy.Inlets[i], new PortRef(index, i));
            }

            for (var i = 0; i < copy.Outlets.Count; i++)
            {
                _outlets.Add(copy.Outlets[i], new PortRef(index, i));
            }

            return copy;
        }

        /// <summary>Connects <paramref name="from"/> to <paramref name="to"/>.</summary>
        public void Connect<T>(Outlet<T> from, Inlet<T> to)
        {
            ArgumentNullException.ThrowIfNull(from);
            ArgumentNullException.ThrowIfNull(to);
            CheckOpen();
            if (!_outlets.TryGetValue(from, out var f))
            {
                throw new InvalidOperationException($"Outlet {from} does not belong to this graph: use the ports b.Add returned.");
            }

            if (!_inlets.TryGetValue(to, out var t))
            {
                throw new InvalidOperationException($"Inlet {to} does not belong to this graph: use the ports b.Add returned.");
            }

            Use(from);
            Use(to);
            _edges.Add(new Edge(f, t));
        }

        /// <summary>Starts a chain of connections at <paramref name="outlet"/>.</summary>
        public ForwardOps<T> From<T>(Outlet<T> outlet) => new(this, outlet);

        /// <summary>Adds <paramref name="source"/> and starts a chain of connections at its outlet.</summary>
        public ForwardOps<T> From<T, TMat>(IGraph<SourceShape<T>, TMat> source) => new(this, Add(source).Out);

        private void Use(object port)
        {
            if (!_used.Add(port))
            {
                throw new InvalidOperationException($"Port {port} is already connected; each port is connected exactly once.");
            }
        }

        private void CheckOpen()
        {
            if (_done)
            {
                throw new InvalidOperationException("The builder was used after its block returned.");
            }
        }

        internal BuiltGraph<TShape, TMat> Result<TShape, TMat>(TShape shape, Func<object?[], object?> mat)
            where TShape : Shape
        {
            ArgumentNullException.ThrowIfNull(shape);
            _done = true;
            var exposedIn = new PortRef[shape.Inlets.Count];
            for (var i = 0; i < exposedIn.Length; i++)
            {
                var port = shape.Inlets[i];
                exposedIn[i] = _inlets.TryGetValue(port, out var r)
                    ? r
                    : throw new InvalidOperationException($"The returned shape's inlet {port} does not belong to this graph.");
                Use(port);
            }

            var exposedOut = new PortRef[shape.Outlets.Count];
            for (var i = 0; i < exposedOut.Length; i++)
            {
                var port = shape.Outlets[i];
                exposedOut[i] = _outlets.TryGetValue(port, out var r)
                    ? r
                    : throw new InvalidOperationException($"The returned shape's outlet {port} does not belong to this graph.");
                Use(port);
            }

            var open = _inlets.Keys.Where(p => !_used.Contains(p)).Select(p => p.ToString())
                .Concat(_outlets.Keys.Where(p => !_used.Contains(p)).Select(p => p.ToString())).ToList();
            if (open.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The graph has unconnected ports: {string.Join(", ", open)}. Connect them, or return them in the shape.");
            }

            var module = new CompositeModule([.. _children], [.. _edges], exposedIn, exposedOut, mat, Attributes.None);
            return new BuiltGraph<TShape, TMat>(shape, module);
        }
    }

    /// <summary>A chain of connections starting at an outlet.</summary>
    /// <typeparam name="T">The type of the elements at the current end of the chain.</typeparam>
    public readonly struct ForwardOps<T>
    {
        private readonly Builder _builder;
        private readonly Outlet<T> _outlet;

        internal ForwardOps(Builder builder, Outlet<T> outlet)
        {
            _builder = builder;
            _outlet = outlet;
        }

        /// <summary>Adds <paramref name="flow"/> and connects the chain to it.</summary>
        public ForwardOps<TNext> Via<TNext, TMat>(IGraph<FlowShape<T, TNext>, TMat> flow)
        {
            var ports = _builder.Add(flow);
            _builder.Connect(_outlet, ports.In);
            return new ForwardOps<TNext>(_builder, ports.Out);
        }

        /// <summary>Connects the chain to a flow already added.</summary>
        public ForwardOps<TNext> Via<TNext>(FlowShape<T, TNext> flow)
        {
            ArgumentNullException.ThrowIfNull(flow);
            _builder.Connect(_outlet, flow.In);
            return new ForwardOps<TNext>(_builder, flow.Out);
        }

        /// <summary>Connects the chain to <paramref name="inlet"/>.</summary>
        public void To(Inlet<T> inlet) => _builder.Connect(_outlet, inlet);

        /// <summary>Adds <paramref name="sink"/> and connects the chain to it.</summary>
        public void To<TMat>(IGraph<SinkShape<T>, TMat> sink) => _builder.Connect(_outlet, _builder.Add(sink).In);

        /// <summary>Connects the chain to a sink already added.</summary>
        public void To(SinkShape<T> sink)
        {
            ArgumentNullException.ThrowIfNull(sink);
            _builder.Connect(_outlet, sink.In);
        }
    }

    /// <summary>The graph a builder produced.</summary>
    internal sealed class BuiltGraph<TShape, TMat>(TShape shape, Module module) : IGraph<TShape, TMat>
        where TShape : Shape
    {
        public TShape Shape { get; } = shape;

        Module IGraph<TShape, TMat>.Module => module;
    }
}
