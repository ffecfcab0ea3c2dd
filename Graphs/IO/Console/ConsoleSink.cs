using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.IO.Console;

/// <summary>
/// Prints each batch as a table, as Spark's console sink does ("Batch: N", numbered from 0 per run).
/// Emits nothing. Backpressures while a batch is being written (synchronously). Completes its task when
/// upstream completes. Fails its task when upstream fails or the writer throws.
/// </summary>
internal sealed class ConsoleSink<T>(ConsoleSinkSettings settings, TextWriter? output) : SinkStage<IReadOnlyList<T>, Task<NotUsed>>("console-sink")
{
    public override (GraphStageLogic Logic, Task<NotUsed> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this);
        return (logic, logic.Promise.Task);
    }

    private sealed class Logic(ConsoleSink<T> stage) : TaskSinkLogic<IReadOnlyList<T>, NotUsed>(stage)
    {
        private long _batchId;

        public override void OnPush()
        {
            var batch = Grab(In);
            try
            {
                var (columns, rows) = RowLayout<T>.Of(batch);
                var writer = stage.Output ?? System.Console.Out;
                ConsoleTable.WriteBatch(writer, _batchId++, columns, rows, stage.Settings);
                writer.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                Abort(e);
                return;
            }

            Pull(In);
        }

        protected override NotUsed Result() => NotUsed.Instance;
    }

    public ConsoleSinkSettings Settings { get; } = settings;

    public TextWriter? Output { get; } = output;
}
