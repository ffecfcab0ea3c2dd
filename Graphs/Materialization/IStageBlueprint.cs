using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Materialization;

/// <summary>The untyped view of a stage the materializer needs.</summary>
internal interface IStageBlueprint
{
    Shape Shape { get; }

    (GraphStageLogic Logic, object? Mat) Create(Attributes attributes);
}
