using Sluice.Graphs.Fusing;
using Sluice.Graphs.Stage;

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
        var connections = new int[_islands.Count];
        foreach (var (from, to) in _wires)
        {
            var outlet = from.Logic.ShapeOutlet(from.Port);
            if (from.Island == to.Island)
            {
                Connect(outlet.CreateConnection(), from.Logic, from.Port, to.Logic, to.Port);
                connections[from.Island]++;
                continue;
            }

            var buffer = to.Logic.Attributes.Get<Attributes.InputBuffer>();
            var initial = buffer?.Initial ?? _materializer.Settings.InitialInputBufferSize;
            var max = buffer?.Max ?? _materializer.Settings.MaxInputBufferSize;
            var (up, down) = outlet.CreateBoundary(initial, max);
            up.Attributes = Attributes.Create(new Attributes.Name($"async-out({from.Logic.StageName})"));
            down.Attributes = Attributes.Create(new Attributes.Name($"async-in({to.Logic.StageName})"));
            _islands[from.Island].Add(up);
            _islands[to.Island].Add(down);
            Connect(outlet.CreateConnection(), from.Logic, from.Port, up, 0);
            Connect(outlet.CreateConnection(), down, 0, to.Logic, to.Port);
            connections[from.Island]++;
            connections[to.Island]++;
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
