using Sluice.TestKit;
using Xunit;

namespace Sluice.Actors.Tests.PublicApi;

public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_of_Sluice_Actors_matches_the_approved_file() =>
        Sluice.TestKit.PublicApi.Verify(typeof(ActorSystem).Assembly,
            Path.Combine(RepositoryPaths.Root, "tests", "Actors.Tests", "PublicApi", "Sluice.Actors.approved.txt"));
}
