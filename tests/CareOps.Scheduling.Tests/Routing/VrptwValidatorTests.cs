using CareOps.Scheduling.Routing;

namespace CareOps.Scheduling.Tests.Routing;

public class VrptwValidatorTests
{
    private static VrptwSolution Routes(params int[][] routes) => new(routes);

    [Fact]
    public void Validate_FeasibleRoutes_ReturnsNoViolation()
    {
        var errors = VrptwValidator.Validate(TinyInstances.Line(), Routes([1, 2, 3]));

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_CustomerLeftOut_NamesMissingCustomer()
    {
        var errors = VrptwValidator.Validate(TinyInstances.Line(), Routes([1, 3]));

        var e = Assert.Single(errors);
        Assert.Equal(VrptwViolationKind.MissingCustomer, e.Kind);
        Assert.Equal(2, e.Node);
        Assert.Contains("Customer 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CustomerTwice_NamesDuplicate()
    {
        var errors = VrptwValidator.Validate(TinyInstances.Line(), Routes([1, 2], [2, 3]));

        var e = Assert.Single(errors);
        Assert.Equal(VrptwViolationKind.DuplicateCustomer, e.Kind);
        Assert.Equal(2, e.Node);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public void Validate_DepotOrUnknownNodeInRoute_NamesUnknownNode(int node)
    {
        var errors = VrptwValidator.Validate(TinyInstances.Line(), Routes([1, 2, node, 3]));

        Assert.Contains(errors, e => e.Kind == VrptwViolationKind.UnknownNode && e.Node == node);
    }

    [Fact]
    public void Validate_OverCapacity_NamesCapacity()
    {
        var errors = VrptwValidator.Validate(TinyInstances.Line(capacity: 25), Routes([1, 2, 3]));

        var e = Assert.Single(errors);
        Assert.Equal(VrptwViolationKind.CapacityExceeded, e.Kind);
        Assert.Equal(0, e.Route);
    }

    [Fact]
    public void Validate_ArrivalAfterDue_NamesLateArrival()
    {
        // Customer 1 (10 away) is due at 25: reachable directly, but not after visiting 3 first.
        var instance = TinyInstances.Line(due: [25, 100, 100]);

        var errors = VrptwValidator.Validate(instance, Routes([3, 2, 1]));

        var e = Assert.Single(errors);
        Assert.Equal(VrptwViolationKind.LateArrival, e.Kind);
        Assert.Equal(1, e.Node);
        Assert.Empty(VrptwValidator.Validate(instance, Routes([1, 2, 3])));
    }

    [Fact]
    public void Validate_WaitingBeforeReadyTime_IsAllowed()
    {
        var instance = VrptwInstance.FromCoordinates("wait", 100, [0, 1], [0, 0], [0, 1], [0, 50], [1000, 60], [0, 5], 1);

        Assert.Empty(VrptwValidator.Validate(instance, Routes([1])));
    }

    [Fact]
    public void Validate_ReturnAfterDepotCloses_NamesLateReturn()
    {
        // Serving all three takes 30 travel + 3 service + 30 back = 63 > 62; customer 3 alone takes 61.
        var instance = TinyInstances.Line(depotDue: 62);

        var errors = VrptwValidator.Validate(instance, Routes([1, 2, 3]));

        var e = Assert.Single(errors);
        Assert.Equal(VrptwViolationKind.LateReturn, e.Kind);
        Assert.Empty(VrptwValidator.Validate(instance, Routes([1, 2], [3])));
    }
}
