using Sluice.Graphs.Stage;
using Sluice.Graphs.State;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>
/// The entry of one query source into the compiled graph. The coordinator posts commands (epoch start, rows to emit,
/// barrier, stop) through the source's <see cref="SourceDriver"/>; the stage emits them in order, one element per pull.
/// Emits when: downstream pulls and a command has something to emit. Backpressures when: never (it only emits what
/// the coordinator asked for). Completes when: the coordinator stops the query. Cancels when: downstream cancels.
/// </summary>
internal sealed class QuerySourceStage<T>(SourceDriver<T> driver) : SourceStage<Element<T>>("query-source-" + driver.Index)
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, driver);

    private sealed class Logic : GraphStageLogic
    {
        private readonly Outlet<Element<T>> _out;
        private readonly SourceDriver<T> _driver;
        private readonly Queue<SourceCommand<T>> _commands = new();
        private IEnumerator<T>? _rows;
        private EpochFacts? _epoch;

        public Logic(QuerySourceStage<T> stage, SourceDriver<T> driver)
            : base(stage.Shape)
        {
            _out = stage.Out;
            _driver = driver;
            SetHandler(_out, onPull: Emit);
            driver.Attach(GetAsyncCallback<SourceCommand<T>>(OnCommand));
        }

        private void OnCommand(SourceCommand<T> command)
        {
            _commands.Enqueue(command);
            if (IsAvailable(_out))
            {
                Emit();
            }
        }

        private void Emit()
        {
            while (true)
            {
                if (_rows is not null)
                {
                    if (_rows.MoveNext())
                    {
                        _epoch!.SourceRows[_driver.Index]++;
                        Push(_out, Element<T>.Row(_rows.Current, EventTime.None));
                        return;
                    }

                    _rows.Dispose();
                    _rows = null;
                }

                if (!_commands.TryDequeue(out var command))
                {
                    return;
                }

                switch (command.Kind)
                {
                    case SourceCommandKind.Rows:
                        _rows = command.Rows!.GetEnumerator();
                        continue;
                    case SourceCommandKind.EpochStart:
                        _epoch = command.Epoch;
                        Push(_out, Element<T>.Marker(ElementKind.EpochStart, command.Epoch!));
                        return;
                    case SourceCommandKind.Barrier:
                        Push(_out, Element<T>.Marker(ElementKind.Barrier, command.Epoch!));
                        return;
                    case SourceCommandKind.Flush:
                        Push(_out, Element<T>.Flush(command.Epoch!, command.IngressTicks));
                        return;
                    default:
                        CompleteStage();
                        return;
                }
            }
        }

        public override void PostStop() => _rows?.Dispose();
    }
}

/// <summary>What a source stage is told to do.</summary>
internal enum SourceCommandKind
{
    EpochStart,
    Rows,
    Barrier,
    Flush,
    Stop,
}

/// <summary>A command to a source stage (<paramref name="IngressTicks"/>: when a flush's rows entered the query).</summary>
internal readonly record struct SourceCommand<T>(SourceCommandKind Kind, EpochFacts? Epoch, IEnumerable<T>? Rows, long IngressTicks = 0);
