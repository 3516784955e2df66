using CareOps.Scheduling.Roster;

namespace CareOps.Scheduling.Tests.Roster;

/// <summary>
/// The O(1) insertion screen is a relaxation: it must never reject an insertion the exact timer accepts, and the
/// screened, cheapest-first search must find the same best insertion as timing every position.
/// </summary>
public sealed class SlackTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void BestInsertion_ScreenedSearch_MatchesTimingEveryPosition(int seed)
    {
        var random = new Random(seed);
        var clients = Enumerable.Range(0, 30).Select(i =>
        {
            var island = random.Next(6) == 0;
            var start = 8 * 60 + (random.Next(5) * 60);
            var window = random.Next(3) switch
            {
                0 => new DayWindow(start, Math.Min(17 * 60, start + 120 + random.Next(120))),
                1 => new DayWindow(8 * 60, 12 * 60),
                _ => new DayWindow(8 * 60, 17 * 60),
            };
            return island
                ? Tiny.Client($"c{i}", 29.9 + (random.NextDouble() * 0.01), 122.1, "isle", 1, window: window)
                : Tiny.Client($"c{i}", 30.0 + (random.NextDouble() * 0.05), 122.0 + (random.NextDouble() * 0.05), "town", 1, window: window);
        }).ToArray();
        var problem = Tiny.Problem(
            ana: Tiny.Caregiver("ana", 30.0, CareSkill.Basic, daily: 360),
            bo: Tiny.Caregiver("bo", 30.02, CareSkill.Nursing, weekly: 600),
            clients: clients);
        var state = new RosterState(problem);
        var checkedPositions = 0;
        for (var c = 0; c < clients.Length; c++)
        {
            for (var g = 0; g < 2; g++)
            {
                var d = random.Next(5);
                var expected = Brute(state, c, g, d);
                var actual = state.BestInsertion(c, g, d);
                Assert.Equal(expected?.Delta, actual?.Delta);
                if (expected is { } e && actual is { } a)
                {
                    Assert.Equal(e.Position, a.Position);
                }

                checkedPositions += state.RouteOf(g, d).Clients.Count + 1;
                if (g == c % 2 && actual is { } ins)
                {
                    state.Insert(c, g, d, ins.Position, ins.Timed);
                }
            }
        }

        Assert.True(state.Routes.Values.Any(r => r.Clients.Count >= 3), "some days should have filled up");
        Assert.True(checkedPositions > 60);
    }

    [Fact]
    public void Screen_NeverRejectsWhatTheTimerAccepts()
    {
        var random = new Random(7);
        var clients = Enumerable.Range(0, 24).Select(i => i % 5 == 0
            ? Tiny.Client($"c{i}", 29.9, 122.1, "isle", 1)
            : Tiny.Client($"c{i}", 30.0 + (random.NextDouble() * 0.05), 122.0 + (random.NextDouble() * 0.05), "town", 1,
                window: new DayWindow(8 * 60 + (60 * random.Next(4)), 17 * 60 - (60 * random.Next(4))))).ToArray();
        var state = new RosterState(Tiny.Problem(clients: clients));
        var accepted = 0;
        var rejected = 0;
        for (var c = 0; c < clients.Length; c++)
        {
            var g = c % 2;
            var route = state.RouteOf(g, 0);
            var slack = state.SlackOf(g, 0, route)!;
            for (var pos = 0; pos <= route.Clients.Count; pos++)
            {
                var seq = new List<int>(route.Clients);
                seq.Insert(pos, c);
                var timed = state.TimeSequence(g, 0, seq);
                var screened = slack.Screen(state, state.Stop(c, g, 0), g, pos, state.Weekly[g] - (route.Timed?.WorkedMinutes ?? 0));
                if (timed is not null)
                {
                    Assert.NotNull(screened);
                    Assert.True(screened <= timed.TravelMinutes - (route.Timed?.TravelMinutes ?? 0) || !slack.LandOnly || !state.SameLand(c, g));
                    accepted++;
                }
                else if (screened is null)
                {
                    rejected++;
                }
            }

            if (state.BestInsertion(c, g, 0) is { } ins)
            {
                state.Insert(c, g, 0, ins.Position, ins.Timed);
            }
        }

        Assert.True(accepted > 10);
        Assert.True(rejected > 10, "the screen should reject some insertions without timing them");
    }

    [Fact]
    public void BestInsertion_AfterPinsAreCleared_ScreensWithoutTheOldPins()
    {
        // a is held at 13:00 (as repair holds published times); b fits only 13:00-14:00, so only after the pin goes.
        var problem = Tiny.Problem(clients:
        [
            Tiny.Client("a", 30.004, 122.0, "town", 1),
            Tiny.Client("b", 30.006, 122.0, "town", 1, window: new DayWindow(13 * 60, 14 * 60)),
        ]);
        var state = new RosterState(problem);
        state.Pin(0, 0, 13 * 60);
        var ins = state.BestInsertion(0, 0, 0)!.Value;
        state.Insert(0, 0, 0, ins.Position, ins.Timed);
        Assert.Null(state.BestInsertion(1, 0, 0));

        state.ClearPins();
        Assert.NotNull(state.BestInsertion(1, 0, 0));
    }

    private static (int Delta, int Position)? Brute(RosterState state, int c, int g, int d)
    {
        if (!state.Works(c, g, d))
        {
            return null;
        }

        var route = state.RouteOf(g, d);
        (int Delta, int Position)? best = null;
        for (var pos = 0; pos <= route.Clients.Count; pos++)
        {
            var seq = new List<int>(route.Clients);
            seq.Insert(pos, c);
            var timed = state.TimeSequence(g, d, seq);
            if (timed is null || state.Weekly[g] - (route.Timed?.WorkedMinutes ?? 0) + timed.WorkedMinutes > state.Caregivers[g].WeeklyMaxMinutes)
            {
                continue;
            }

            var delta = timed.TravelMinutes - (route.Timed?.TravelMinutes ?? 0);
            if (best is null || delta < best.Value.Delta)
            {
                best = (delta, pos);
            }
        }

        return best;
    }
}
