using System.Text;
using ServiceHall.ServiceDefaults.Auth;

namespace ServiceHall.Testing;

/// <summary>How far an allowed caller reaches with an RPC: which objects it may name.</summary>
public enum Reach
{
    /// <summary>Anything in the hall.</summary>
    Hall,

    /// <summary>Objects of the caller's unit (from the staff registry): its windows, staff, cases' branches, complaints.</summary>
    Unit,

    /// <summary>Objects of the caller's unit; the whole hall on a day the caller is the hall's duty leader (R1.6/R1.7).</summary>
    UnitOrDutyDay,

    /// <summary>The caller's own records only (a staff member naming themselves).</summary>
    Self,

    /// <summary>The window the caller sits at (registered there or on post there now), and its tickets.</summary>
    Window,

    /// <summary>Only on the day the caller is the hall's duty person or duty leader (SetHallDuty).</summary>
    DutyDay,

    /// <summary>What a machine client is registered for: its windows' units (badge reader), its units (platform).</summary>
    Bound,
}

/// <summary>One RPC: who may call it and how far each reaches.</summary>
public sealed record RpcAccess(string Service, string Method, IReadOnlyDictionary<string, Reach> Allowed)
{
    public string Key => $"{Service}/{Method}";
}

/// <summary>
/// The access matrix (issue 14): every RPC × every role or machine client → refused, or allowed with a reach. It is the
/// single source: the architecture tests check every gRPC method is in it with exactly the roles of its
/// <c>[Authorize]</c> attribute, and that the README's role columns and its generated matrix say the same; the
/// integration tests call every RPC as every identity against real servers (<c>AccessMatrixTests</c>) — a refused
/// role and an allowed role naming what is not theirs get PERMISSION_DENIED, a hall-wide role gets past.
/// </summary>
public static class AccessMatrix
{
    /// <summary>The columns, people first, then machines.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        Roles.Staff, Roles.DutyLeader, Roles.UnitHead, Roles.BureauLeader, Roles.Office, Roles.DisciplineOffice,
        Roles.System, Roles.BadgeReader, Roles.Kiosk, Roles.Display, Roles.Platform,
    ];

    private const string Any = "staff duty-leader unit-head bureau-leader office discipline-office system";
    private const string People = "staff duty-leader unit-head bureau-leader office discipline-office";
    private const string ReportReaders = "office duty-leader:unit unit-head:unit bureau-leader discipline-office";

    /// <summary>Every RPC, by service, in the order of the protos.</summary>
    public static readonly IReadOnlyList<RpcAccess> Rpcs =
    [
        .. Service("attendance",
            ("CreateWindow", "office unit-head:unit bureau-leader"),
            ("RegisterStaff", "office unit-head:unit bureau-leader"),
            ("ClockIn", "staff:self system badge-reader:bound"),
            ("ClockOut", "staff:self system badge-reader:bound"),
            ("GetWindowStatus", $"{Any} display"),
            ("WatchWindows", $"{Any} display"),
            ("SetRoster", "office unit-head:unit duty-leader:unit+duty bureau-leader"),
            ("GetRoster", Any),
            ("RequestLeave", "staff:self office unit-head:unit"),
            ("AcceptSubstitution", "staff:self office unit-head:unit"),
            ("ApproveLeave", "duty-leader:unit+duty unit-head:unit"),
            ("AssignSubstitute", "unit-head:unit office"),
            ("RejectLeave", "duty-leader:unit+duty unit-head:unit"),
            ("CancelLeave", "staff:self office unit-head:unit"),
            ("ReportBack", "staff:self office unit-head:unit"),
            ("GetLeave", "staff:self duty-leader:unit+duty unit-head:unit bureau-leader office discipline-office"),
            ("RequestGoingOut", "staff:self office"),
            ("ApproveGoingOut", "duty-leader:unit+duty"),
            ("LeavePost", "staff:self system badge-reader:bound"),
            ("ReturnToPost", "staff:self system badge-reader:bound"),
            ("RequestWindowClosure", "staff:window office unit-head:unit duty-leader:unit+duty"),
            ("ApproveWindowClosure", "duty-leader:unit+duty unit-head:unit"),
            ("CloseWindow", "system staff:window duty-leader:unit+duty unit-head:unit"),
            ("OpenWindow", "system staff:window duty-leader:unit+duty unit-head:unit"),
            ("CreateUnit", "office bureau-leader"),
            ("GetOrganisation", Any),
            ("SetWindowServiceItems", "office unit-head:unit bureau-leader"),
            ("SetStaffRoles", "office bureau-leader"),
            ("SetStaffActive", "office bureau-leader"),
            ("SetHallDuty", "office bureau-leader"),
            ("GetHallDuty", Any),
            ("RecordPowerOffCheck", "staff:duty duty-leader:unit+duty office"),
            ("WriteDutyRegister", "duty-leader:duty bureau-leader"),
            ("GetDutyRegister", "office duty-leader unit-head bureau-leader discipline-office"),
            ("GetWeeklyAttendanceSummary", ReportReaders),
            ("ListAttendanceFacts", $"{ReportReaders} staff:self"),
            ("VoidAttendanceFact", "duty-leader:unit+duty unit-head:unit bureau-leader"),
            ("FileCorrection", "staff:self system"),
            ("DecideCorrection", "duty-leader:unit+duty unit-head:unit bureau-leader"),
            ("ListCorrections", $"{ReportReaders} staff:self"),
            ("RegisterClient", "office bureau-leader"),
            ("SetClientEnabled", "office bureau-leader"),
            ("ListClients", "office bureau-leader discipline-office")),
        .. Service("cases",
            ("PublishServiceItem", "office bureau-leader"),
            ("GetServiceItem", Any),
            ("ListServiceItems", Any),
            ("TakeTicket", "system kiosk staff office"),
            ("CallNextTicket", "staff:window system"),
            ("RecallTicket", "staff:window system"),
            ("MarkNoShow", "staff:window system"),
            ("StartService", "staff:window system"),
            ("FinishService", "staff:window system"),
            ("TransferTicket", "staff:window system"),
            ("GetTicket", Any),
            ("PauseWindow", "staff:window system"),
            ("ResumeWindow", "staff:window system"),
            ("GetWindowCallingState", Any),
            ("ReceiveApplication", "staff:self system"),
            ("CheckApplication", "staff:self system"),
            ("SupplementMaterials", "staff:self system"),
            ("IssueNotice", "staff:self system"),
            ("GetNoticeText", "staff system office unit-head"),
            ("DecideApproval", "unit-head:unit system platform:bound"),
            ("SendBackForRework", "unit-head:unit office"),
            ("ExtendDeadline", "unit-head:unit bureau-leader"),
            ("AssignAgent", "unit-head:unit office duty-leader:unit"),
            ("GetCase", Any),
            ("FindCasesByApplicant", "office unit-head system"),
            ("GetLedger", "office unit-head bureau-leader discipline-office"),
            ("GetWorkLog", "staff:self duty-leader:unit unit-head:unit office discipline-office")),
        .. Service("complaints",
            ("SubmitComplaint", "system kiosk platform staff office"),
            ("StartInvestigation", "office unit-head:unit discipline-office"),
            ("AddEvidence", "office unit-head:unit discipline-office"),
            ("DecideComplaint", "office unit-head:unit discipline-office"),
            ("ResolveComplaint", "office unit-head:unit discipline-office"),
            ("GetComplaint", "office unit-head:unit bureau-leader discipline-office"),
            ("SubmitReview", "system kiosk platform office"),
            ("RecordCallback", "office unit-head:unit"),
            ("CloseRectification", "office unit-head:unit"),
            ("AppealReview", "staff:self office"),
            ("DecideAppeal", "office discipline-office bureau-leader"),
            ("GetReview", "office unit-head:unit bureau-leader discipline-office staff:self"),
            ("SubmitSuggestion", "system kiosk platform staff office"),
            ("AnswerSuggestion", "office"),
            ("GetQualityFigures", "office unit-head bureau-leader discipline-office")),
        .. Service("discipline",
            ("ListSanctions", "discipline-office office unit-head:unit bureau-leader duty-leader:unit staff:self"),
            ("GetStanding", "discipline-office office unit-head:unit bureau-leader duty-leader:unit staff:self"),
            ("ConfirmSanction", "discipline-office bureau-leader"),
            ("ListRules", Any),
            ("DraftRule", "discipline-office office"),
            ("ApproveRule", "bureau-leader"),
            ("RecordInspection", "duty-leader bureau-leader discipline-office"),
            ("AppealSanction", "staff:self office"),
            ("DecideSanctionAppeal", "discipline-office bureau-leader"),
            ("GetStaffFile", "discipline-office office unit-head:unit bureau-leader duty-leader:unit staff:self"),
            ("GetMondayBrief", "office unit-head bureau-leader discipline-office duty-leader"),
            ("AddRectificationItem", "office bureau-leader discipline-office"),
            ("CloseRectificationItem", "unit-head:unit office discipline-office"),
            ("ProposeAwards", "office discipline-office bureau-leader"),
            ("ConfirmAward", "bureau-leader"),
            ("DeclineSanction", "discipline-office bureau-leader"),
            ("IssueSanction", "discipline-office bureau-leader")),
        .. Service("audit",
            ("VerifyAuditTrail", "bureau-leader discipline-office"),
            ("ListAuditRecords", "bureau-leader discipline-office")),
    ];

    public static RpcAccess Of(string service, string method) =>
        Rpcs.Single(r => r.Service == service && r.Method == method);

    private static IEnumerable<RpcAccess> Service(string service, params (string Method, string Allowed)[] rpcs) =>
        rpcs.Select(r => new RpcAccess(service, r.Method, Parse(r.Allowed)));

    private static Dictionary<string, Reach> Parse(string allowed)
    {
        var result = new Dictionary<string, Reach>(StringComparer.Ordinal);
        foreach (var entry in allowed.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (role, reach) = entry.Split(':') is [var r, var s] ? (r, s) : (entry, "");
            if (!Columns.Contains(role))
                throw new InvalidOperationException($"Unknown role '{role}' in the access matrix.");
            result.Add(role, reach switch
            {
                "" => Reach.Hall,
                "unit" => Reach.Unit,
                "unit+duty" => Reach.UnitOrDutyDay,
                "self" => Reach.Self,
                "window" => Reach.Window,
                "duty" => Reach.DutyDay,
                "bound" => Reach.Bound,
                _ => throw new InvalidOperationException($"Unknown reach '{reach}' in the access matrix."),
            });
        }

        return result;
    }

    /// <summary>One role's cell as the README says it: <c>unit-head (own unit)</c>.</summary>
    public static string Describe(string role, Reach reach) => reach switch
    {
        Reach.Hall => role,
        Reach.Unit => $"{role} (own unit)",
        Reach.UnitOrDutyDay => $"{role} (own unit; the hall on their duty day)",
        Reach.Self => $"{role} (own)",
        Reach.Window => $"{role} (their window)",
        Reach.DutyDay => role == Roles.Staff ? $"{role} (the day's duty person)" : $"{role} (the day's)",
        Reach.Bound => $"{role} (its units)",
        _ => throw new ArgumentOutOfRangeException(nameof(reach)),
    };

    /// <summary>Who may call, as the README's role columns say it: roles in the matrix's column order.</summary>
    public static string Describe(RpcAccess rpc)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        if (rpc.Allowed.Values.All(r => r == Reach.Hall))
        {
            var roles = rpc.Allowed.Keys.ToHashSet();
            if (roles.SetEquals(Parse(Any).Keys))
                return "any";
            if (roles.SetEquals(Parse($"{Any} display").Keys))
                return "any, display";
        }

        return string.Join(", ", Columns.Where(rpc.Allowed.ContainsKey).Select(c => Describe(c, rpc.Allowed[c])));
    }

    private static string Cell(RpcAccess rpc, string role) =>
        !rpc.Allowed.TryGetValue(role, out var reach) ? "—" : reach switch
        {
            Reach.Hall => "✓",
            Reach.Unit => "unit",
            Reach.UnitOrDutyDay => "unit/duty",
            Reach.Self => "own",
            Reach.Window => "window",
            Reach.DutyDay => "duty day",
            Reach.Bound => "bound",
            _ => "?",
        };

    /// <summary>The README's matrix section (between its markers), generated from <see cref="Rpcs"/>.</summary>
    public static string Markdown()
    {
        var md = new StringBuilder();
        md.Append("| service | RPC | ").AppendJoin(" | ", Columns).Append(" |\n");
        md.Append("|---|---|").AppendJoin("", Columns.Select(_ => "---|")).Append('\n');
        foreach (var rpc in Rpcs)
            md.Append("| ").Append(rpc.Service).Append(" | `").Append(rpc.Method).Append("` | ").AppendJoin(" | ", Columns.Select(c => Cell(rpc, c))).Append(" |\n");
        return md.ToString();
    }
}
