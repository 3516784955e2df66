using CareOps.Scheduling.Routing;

namespace CareOps.Scheduling.Tests.Routing;

public class VrptwFilesTests
{
    private const string Solomon = """
        TINY1

        VEHICLE
        NUMBER     CAPACITY
          25         200

        CUSTOMER
        CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

            0      40         50          0          0       1236          0
            1      45         68         10        912        967         90
            2      45         70         30        825        870         90
            3      42         66         10         65        146         90
        """;

    [Fact]
    public void Parse_SolomonText_ScalesByTenAndTruncatesDistances()
    {
        var instance = SolomonReader.Parse(Solomon);

        Assert.Equal("TINY1", instance.Name);
        Assert.Equal(3, instance.CustomerCount);
        Assert.Equal(200, instance.Capacity);
        Assert.Equal(25, instance.FleetHint);
        Assert.Equal(30, instance.Demand[2]);
        Assert.Equal(9120, instance.Ready[1]);
        Assert.Equal(9670, instance.Due[1]);
        Assert.Equal(900, instance.Service[1]);
        Assert.Equal(12360, instance.Due[0]);
        // sqrt(50² + 180²) × 10 = 186.81… → 186.
        Assert.Equal(186, instance.Travel(0, 1));
        Assert.Equal(instance.Travel(0, 1), instance.Travel(1, 0));
    }

    [Fact]
    public void Parse_TextWithoutCustomers_Throws()
    {
        Assert.Throws<FormatException>(() => SolomonReader.Parse("X\nVEHICLE\n 1 10\n"));
    }

    [Fact]
    public void SolutionFile_WriteThenRead_RoundTrips()
    {
        var solution = new VrptwSolution([[3, 1], [2]]);

        var text = VrptwSolutionFile.Write(solution, 8273);
        var (read, cost) = VrptwSolutionFile.Read(text);

        Assert.StartsWith("Route #1: 3 1\nRoute #2: 2\nCost 827.3", text, StringComparison.Ordinal);
        Assert.Equal(827.3m, cost);
        Assert.Equal(solution.Routes.Select(r => r.ToArray()), read.Routes.Select(r => r.ToArray()));
    }
}
