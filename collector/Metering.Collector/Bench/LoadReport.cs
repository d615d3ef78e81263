using System.Globalization;

namespace Metering.Collector.Bench;

/// <summary>The figures of one load run and its verdict.</summary>
internal sealed record LoadReport(LoadOptions Options, LoadAccounting Accounting, CollectorFigures Collector, FleetFigures Fleet)
{
    /// <summary>
    /// Every window stored, bridged or still on its meter at power-off, every joule of every channel accounted for, no
    /// gap, nothing dropped by the broker, and the collector settled and stopped cleanly.
    /// </summary>
    public bool Passed => Accounting.Holds && Collector.BrokerDropped == 0 && Collector.Settled && Collector.ExitCode == 0;

    /// <summary>The report as printed by <c>metering bench load</c>.</summary>
    public string Text()
    {
        var a = Accounting;
        var c = Collector;
        var lines = new List<string>
        {
            F($"windows closed by the meters            {a.WindowsClosed,12:N0}   ({Fleet.DevicesThatPublished:N0} of {Fleet.Devices:N0} meters published)"),
            F($"  stored                                {a.Stored,12:N0}"),
            F($"  bridged (the next stored counter covers them)  {a.Bridged,5:N0}"),
            F($"  left on the meters at power-off       {a.LeftOnDevices,12:N0}   (never acknowledged)"),
            F($"  lost before a meter's first stored one {a.LostBeforeFirst,11:N0}   ({a.DevicesMissingFirstWindows} meters)"),
            F($"  lost after being acknowledged         {a.AcknowledgedNotStored,12:N0}"),
            F($"dropped on the meters (queue full)      {a.DroppedOnDevices,12:N0}   (last status reports {a.DroppedReportedInStatus:N0}; {a.QueueOverflowEvents:N0} queue_overflow events)"),
            F($"broker: dropped {c.BrokerDropped:N0}; publishes held {c.HeldPublishes:N0} (at most {c.PeakWaiting:N0} at once), refused {c.HeldRefused:N0}; messages awaiting the collector's acknowledgement: at most {c.PeakOutstanding:N0}{(c.ExportsFlowControl ? "" : " (this collector exports no flow-control metrics)")}"),
            F($"energy: {a.Channels:N0} channels; stored intervals = last - first counter on {a.Channels - a.EnergyMismatches:N0} (mismatches {a.EnergyMismatches}, {a.MismatchMillijoules:N0} mJ); {a.BridgedIntervals:N0} bridged intervals; gaps: {Gaps(a)}"),
            F($"        stored {a.StoredMillijoules / 1e9:F3} MJ; on the first {LoadAudit.TruthSample} meters {a.TruthSampleMillijoules / 1e9:F3} MJ, the simulated world's truth over the same spans {a.TruthJoules / 1e6:F3} MJ ({Deviation(a):+0.000;-0.000} %)"),
            F($"collector: {c.TelemetryAccepted:N0} telemetry accepted, {c.Duplicates:N0} duplicates; peak RSS (VmHWM) {c.PeakRssBytes / 1048576.0:F0} MB; CPU {c.CpuSeconds:F0} s; subscriber disconnects {c.SubscriberDisconnects}; exit {c.ExitCode}; {(c.Settled ? "settled" : "NOT settled")}"),
            F($"  /health: {c.HealthSamples} samples, {c.UnhealthySamples} unhealthy{(c.UnhealthyReasons.Count == 0 ? "" : ": " + string.Join(" | ", c.UnhealthyReasons))}"),
            F($"  log lines at warning or above: {c.Warnings.Count}{(c.Warnings.Count == 0 ? "" : ", the first: " + c.Warnings[0])}"),
            F($"meters: reconnects {Fleet.Reconnects:N0}, failed connects {Fleet.FailedConnects:N0}, faults {Fleet.Faults}, longest sampling gap {Fleet.MaxSamplingGapSeconds:F2} s; this process (the fleet) CPU {Fleet.CpuSeconds:F0} s over {Fleet.WallSeconds:F0} s; {Environment.ProcessorCount} cores, load average {LoadAverage()}"),
        };
        lines.AddRange(a.MismatchExamples.Select(m => "  mismatch: " + m));
        lines.Add(Passed
            ? "verdict: PASS: every window stored, bridged or still on its meter at power-off; every joule accounted for; nothing dropped by the broker"
            : "verdict: FAIL: " + string.Join("; ", Failures()));
        return string.Join(Environment.NewLine, lines);
    }

    private IEnumerable<string> Failures()
    {
        var a = Accounting;
        if (a.Lost > 0) yield return F($"{a.Lost:N0} windows lost");
        if (a.Stored + a.Bridged + a.LeftOnDevices + a.Lost != a.WindowsClosed) yield return "windows do not add up";
        if (a.EnergyMismatches > 0) yield return F($"{a.EnergyMismatches} channels whose intervals do not add up");
        if (a.Gaps.Count > 0) yield return "gaps: " + Gaps(a);
        if (a.OtherBoots > 0) yield return F($"{a.OtherBoots} readings of another boot");
        if (Collector.BrokerDropped > 0) yield return F($"the broker dropped {Collector.BrokerDropped:N0} messages");
        if (!Collector.Settled) yield return "the collector did not settle";
        if (Collector.ExitCode != 0) yield return F($"metering serve exited with {Collector.ExitCode}");
    }

    private static string Gaps(LoadAccounting a) => a.Gaps.Count == 0 ? "none" : string.Join(", ", a.Gaps.Select(g => F($"{g.Key} {g.Value}")));

    private static double Deviation(LoadAccounting a) => a.TruthJoules == 0 ? 0 : ((a.TruthSampleMillijoules / 1000.0) - a.TruthJoules) / a.TruthJoules * 100;

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
