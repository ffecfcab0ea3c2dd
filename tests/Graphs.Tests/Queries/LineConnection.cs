using System.Net.Sockets;
using System.Text;

namespace Sluice.Graphs.Tests.Queries;

/// <summary>The test's end of a socket source's connection: it writes lines.</summary>
internal sealed class LineConnection(NetworkStream stream)
{
    public async Task SendAsync(string line)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        await stream.FlushAsync();
    }
}
