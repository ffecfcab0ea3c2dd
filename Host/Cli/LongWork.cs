using Spectre.Console;

namespace Sluice.Host.Cli;

/// <summary>Long work of a command shows a Spectre.Console spinner on standard error while a person watches.</summary>
internal static class LongWork
{
    /// <summary>
    /// Runs <paramref name="work"/> under a spinner saying <paramref name="what"/> when standard error is a terminal;
    /// silently when it is redirected (scripts, tests), so that standard output stays exactly the command's result.
    /// </summary>
    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> work)
    {
        if (Console.IsErrorRedirected)
        {
            return await work().ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Status().Spinner(Spinner.Known.Dots).StartAsync(what, _ => work()).ConfigureAwait(false);
    }
}
