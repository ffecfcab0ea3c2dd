using Sluice.Graphs.Fusing;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Materialization;

/// <summary>
/// One materialization: walks the module tree, creates a logic per stage, assigns each logic to an island (a new
/// island starts at every module marked with <see cref="Attributes.AsyncBoundary"/>), wires edges inside an island
/// with typed connections and edges between islands with a pair of boundary logics sharing a bounded ring buffer,
/// then builds one interpreter and one host per island.
/// </summary>
internal sealed class GraphMaterializer
{
    private readonly Materializer _materializer;
    private readonly List<List<GraphStageLogic>> _islands = [];
    private readonly List<(AtomicPort From, AtomicPort To)> _wires = [];

    // Select/Where stages by logic, in case an async boundary leads into them (see FuseBoundaries).
    private readonly Dictionary<GraphStageLogic, IFusibleHead> _heads = [];

    public GraphMaterializer(Materializer materializer) => _materializer = materializer;

    public (object? Mat, IReadOnlyList<IslandShell> Shells) Materialize(Module root)
    {
        NewIsland();
        var (mat, _, _) = Walk(root, Attributes.None, 0);
        return (mat, Build());
    }

    private int NewIsland()
    {
        _islands.Add([]);
        return _islands.Count - 1;
    }

    private (object? Mat, AtomicPort[] Ins, AtomicPort[] Outs) Walk(Module module, Attributes inherited, int island)
    {
        if (module.Attributes.Contains<Attributes.AsyncBoundary>())
        {
            island = NewIsland();
        }

        var attributes = inherited.And(module.Attributes.Without<Attributes.AsyncBoundary>());
        switch (module)
        {
            case StageModule stage:
            {
                var (logic, mat) = stage.Stage.Create(attributes);
                logic.Attributes = attributes;
                if (stage.Stage is IFusibleHead head && logic.StageName == head.StepName)
                {
                    _heads[logic] = head;
                }

                _islands[island].Add(logic);
                var ins = new AtomicPort[stage.InletCount];
                for (var i = 0; i < ins.Length; i++)
                {
                    ins[i] = new AtomicPort(logic, i, island);
                }

                var outs = new AtomicPort[stage.OutletCount];
                for (var i = 0; i < outs.Length; i++)
                {
                    outs[i] = new AtomicPort(logic, i, island);
                }

                return (mat, ins, outs);
            }

            case CompositeModule composite:
            {
                var n = composite.Children.Length;
                var mats = new object?[n];
                var childIns = new AtomicPort[n][];
                var childOuts = new AtomicPort[n][];
                for (var i = 0; i < n; i++)
                {
                    (mats[i], childIns[i], childOuts[i]) = Walk(composite.Children[i], attributes, island);
                }

                foreach (var edge in composite.Edges)
                {
                    _wires.Add((childOuts[edge.From.Child][edge.From.Port], childIns[edge.To.Child][edge.To.Port]));
                }

                var ins = Array.ConvertAll(composite.Inlets, p => childIns[p.Child][p.Port]);
                var outs = Array.ConvertAll(composite.Outlets, p => childOuts[p.Child][p.Port]);
                return (composite.Mat(mats), ins, outs);
            }

            default:
                throw new InvalidOperationException($"Unknown module kind {module.GetType().Name}.");
        }
    }

    private List<IslandShell> Build()
    {
        var fused = FuseBoundaries();
        var connections = new int[_islands.Count];
        foreach (var (from, to) in _wires)
        {
            // A stage replaced by a fused boundary: its downstream edge starts at the boundary now (same port index).
            var fromLogic = fused.TryGetValue(from.Logic, out var f) ? f.Down : from.Logic;
            var outlet = fromLogic.ShapeOutlet(from.Port);
            if (from.Island == to.Island)
            {
                Connect(outlet.CreateConnection(), fromLogic, from.Port, to.Logic, to.Port);
                connections[from.Island]++;
                continue;
            }

            var up = fused.TryGetValue(to.Logic, out var into) ? into.Up : null;
            if (up is null)
            {
                var (initial, max) = BufferOf(to.Logic);
                (up, var down) = outlet.CreateBoundary(initial, max);
                down.Attributes = Attributes.Create(new Attributes.Name($"async-in({to.Logic.StageName})"));
                _islands[to.Island].Add(down);
                Connect(outlet.CreateConnection(), down, 0, to.Logic, to.Port);
                connections[to.Island]++;
            }

            up.Attributes = Attributes.Create(new Attributes.Name($"async-out({fromLogic.StageName})"));
            _islands[from.Island].Add(up);
            Connect(outlet.CreateConnection(), fromLogic, from.Port, up, 0);
            connections[from.Island]++;
        }

        var shells = new List<IslandShell>(_islands.Count);
        for (var i = 0; i < _islands.Count; i++)
        {
            var logics = _islands[i];
            if (logics.Count == 0)
            {
                continue;
            }

            foreach (var logic in logics)
            {
                logic.CheckAllPortsConnected();
            }

            var interpreter = new GraphInterpreter([.. logics], connections[i], _materializer, _materializer.Logger);
            var shell = new IslandShell(interpreter, _materializer.CreateHost(), _materializer.Settings.SyncProcessingLimit);
            foreach (var logic in logics)
            {
                if (logic is IBoundaryFlush flush)
                {
                    shell.AddFlush(flush);
                }
            }

            shells.Add(shell);
        }

        return shells;
    }

    private (int Initial, int Max) BufferOf(GraphStageLogic downstream)
    {
        var buffer = downstream.Attributes.Get<Attributes.InputBuffer>();
        return (buffer?.Initial ?? _materializer.Settings.InitialInputBufferSize, buffer?.Max ?? _materializer.Settings.MaxInputBufferSize);
    }

    /// <summary>
    /// For each async boundary that leads straight into a plain Select/Where stage: creates the boundary with that
    /// stage fused into its downstream half (<see cref="FusedInputBoundary{TIn,TOut}"/>), which takes the stage's place
    /// in its island (same attributes, so the same decider; named <c>async-in(stage)</c>). An element then costs the
    /// downstream island one interpreter event less, and an element the stage drops costs it none. Returns the pairs
    /// by replaced logic.
    /// </summary>
    private Dictionary<GraphStageLogic, (GraphStageLogic Up, GraphStageLogic Down)> FuseBoundaries()
    {
        var fused = new Dictionary<GraphStageLogic, (GraphStageLogic Up, GraphStageLogic Down)>();
        foreach (var (from, to) in _wires)
        {
            if (from.Island == to.Island || !_heads.TryGetValue(to.Logic, out var head))
            {
                continue;
            }

            var (initial, max) = BufferOf(to.Logic);
            if (head.CreateFusedBoundary(from.Logic.ShapeOutlet(from.Port), initial, max) is not { } pair)
            {
                continue;
            }

            pair.Downstream.Attributes = to.Logic.Attributes.And(new Attributes.Name($"async-in({to.Logic.StageName})"));
            var island = _islands[to.Island];
            island[island.IndexOf(to.Logic)] = pair.Downstream;
            fused[to.Logic] = (pair.Upstream, pair.Downstream);
        }

        return fused;
    }

    private static void Connect(Connection c, GraphStageLogic outLogic, int outPort, GraphStageLogic inLogic, int inPort)
    {
        if (outLogic.OutConns[outPort] is not null)
        {
            throw new InvalidOperationException($"Outlet {outLogic.ShapeOutlet(outPort)} of stage '{outLogic.StageName}' is connected twice.");
        }

        if (inLogic.InConns[inPort] is not null)
        {
            throw new InvalidOperationException($"Inlet {inLogic.ShapeInlet(inPort)} of stage '{inLogic.StageName}' is connected twice.");
        }

        c.OutOwner = outLogic;
        c.InOwner = inLogic;
        c.OutPort = outLogic.ShapeOutlet(outPort);
        c.InPort = inLogic.ShapeInlet(inPort);
        c.OutHandler = outLogic.OutHandlerFor(outPort);
        c.InHandler = inLogic.InHandlerFor(inPort);
        outLogic.OutConns[outPort] = c;
        inLogic.InConns[inPort] = c;
    }

    private readonly record struct AtomicPort(GraphStageLogic Logic, int Port, int Island);
}
