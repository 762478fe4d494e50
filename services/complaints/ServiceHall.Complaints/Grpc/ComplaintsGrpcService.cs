using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ServiceHall.Complaints.Application;
using ServiceHall.Complaints.Domain;
using ServiceHall.Complaints.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Privacy;

namespace ServiceHall.Complaints.Grpc;

/// <summary>servicehall.complaints.v1.ComplaintsService: validation, roles, mapping; people masked on the way out.</summary>
public sealed partial class ComplaintsGrpcService(
    ComplaintDesk complaints,
    ReviewDesk reviews,
    RegistryDesk registry,
    SuggestionDesk suggestions,
    QualityReportDesk quality,
    PersonalDataProtector protector,
    IOptions<ComplaintsOptions> options,
    TimeProvider time) : ComplaintsService.ComplaintsServiceBase
{
    private const string Submitters = $"{Roles.System},{Roles.Kiosk},{Roles.Platform},{Roles.Staff},{Roles.Office}";
    private const string Handlers = $"{Roles.Office},{Roles.UnitHead},{Roles.DisciplineOffice}";

    [Authorize(Roles = Submitters)]
    public override async Task<V1.Complaint> SubmitComplaint(SubmitComplaintRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("request_id", request.RequestId)
            .Check(request.Channel != V1.Channel.Unspecified && System.Enum.IsDefined(request.Channel), "channel", "is required")
            .Check(request.Category != V1.ComplaintCategory.Unspecified && System.Enum.IsDefined(request.Category), "category", "is required")
            .Check(request.WindowId.Length + request.StaffId.Length + request.CaseId.Length > 0, "window_id",
                "name at least one of window_id, staff_id and case_id")
            .Text("content", request.Content, 4000);
        SourceId(validator, request.SourceId, request.Complainant);
        OptionalId(validator, "window_id", request.WindowId);
        OptionalId(validator, "staff_id", request.StaffId);
        OptionalId(validator, "case_id", request.CaseId);
        ValidatePerson(validator, "complainant", request.Complainant).ThrowIfInvalid();
        var complaint = await complaints.SubmitAsync(new ComplaintSubmission(request.RequestId,
            (Domain.Channel)(int)request.Channel, (Domain.ComplaintCategory)(int)request.Category,
            NameOf(request.Complainant), PhoneOf(request.Complainant), Empty(request.WindowId), Empty(request.StaffId),
            Empty(request.CaseId), request.Content.Trim(), request.SourceId, context.Caller().Subject() ?? ""),
            context.CancellationToken);
        return ToProto(complaint, context);
    }

    [Authorize(Roles = Handlers)]
    public override async Task<V1.Complaint> StartInvestigation(ComplaintActionRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("complaint_id", request.ComplaintId).ThrowIfInvalid();
        await registry.RequireComplaintUnitAsync(context.Caller(), request.ComplaintId, context.CancellationToken);
        return ToProto(await complaints.StartInvestigationAsync(request.ComplaintId, Actor(context), context.CancellationToken), context);
    }

    [Authorize(Roles = Handlers)]
    public override async Task<V1.Complaint> AddEvidence(AddEvidenceRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("complaint_id", request.ComplaintId).Text("note", request.Note, 2000).ThrowIfInvalid();
        await registry.RequireComplaintUnitAsync(context.Caller(), request.ComplaintId, context.CancellationToken);
        return ToProto(await complaints.AddEvidenceAsync(request.ComplaintId, request.Note.Trim(), Actor(context),
            context.CancellationToken), context);
    }

    [Authorize(Roles = Handlers)]
    public override async Task<V1.Complaint> DecideComplaint(DecideComplaintRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("complaint_id", request.ComplaintId).Text("findings", request.Findings, 4000)
            .ThrowIfInvalid();
        await registry.RequireComplaintUnitAsync(context.Caller(), request.ComplaintId, context.CancellationToken);
        return ToProto(await complaints.DecideAsync(request.ComplaintId, request.Verified, request.Findings.Trim(), Actor(context),
            context.CancellationToken), context);
    }

    [Authorize(Roles = Handlers)]
    public override async Task<V1.Complaint> ResolveComplaint(ResolveComplaintRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("complaint_id", request.ComplaintId).Text("reply", request.Reply, 4000).ThrowIfInvalid();
        await registry.RequireComplaintUnitAsync(context.Caller(), request.ComplaintId, context.CancellationToken);
        return ToProto(await complaints.ResolveAsync(request.ComplaintId, request.Reply.Trim(), Actor(context), context.CancellationToken),
            context);
    }

    [Authorize(Roles = $"{Roles.Office},{Roles.UnitHead},{Roles.BureauLeader},{Roles.DisciplineOffice}")]
    public override async Task<V1.Complaint> GetComplaint(GetComplaintRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("complaint_id", request.ComplaintId).ThrowIfInvalid();
        await registry.RequireComplaintUnitAsync(context.Caller(), request.ComplaintId, context.CancellationToken);
        return ToProto(await complaints.GetAsync(request.ComplaintId, context.CancellationToken), context);
    }

    private bool MayUnmask(ServerCallContext context) => options.Value.UnmaskedRoles.Any(context.Caller().IsInRole);

    private string? Reveal(string? protectedValue, PersonalDataField field) =>
        protectedValue is null ? null : protector.Unprotect(protectedValue, field);

    private V1.Person? PersonOf(string? nameProtected, PersonalDataField nameField, string? phoneProtected,
        PersonalDataField phoneField, bool unmasked)
    {
        if (nameProtected is null)
            return null;
        var (name, phone) = (Reveal(nameProtected, nameField)!, Reveal(phoneProtected, phoneField) ?? "");
        return unmasked
            ? new V1.Person { Name = name, Phone = phone }
            : new V1.Person { Name = Masking.Name(name), Phone = phone.Length == 0 ? "" : Masking.Phone(phone) };
    }

    private V1.Complaint ToProto(ComplaintFile c, ServerCallContext context)
    {
        var unmasked = MayUnmask(context);
        PersonalDataField Field(string column) => SealedFields.Complaint(c.ComplaintId, column);
        var proto = new V1.Complaint
        {
            ComplaintId = c.ComplaintId, Channel = (V1.Channel)(int)c.Channel, Category = (V1.ComplaintCategory)(int)c.Category,
            Anonymous = c.Anonymous, Complainant = PersonOf(c.ComplainantNameProtected, Field(nameof(c.ComplainantNameProtected)),
                c.ComplainantPhoneProtected, Field(nameof(c.ComplainantPhoneProtected)), unmasked),
            ComplainantUnmasked = unmasked && !c.Anonymous, WindowId = c.WindowId ?? "", StaffId = c.StaffId ?? "",
            CaseId = c.CaseId ?? "", Content = Reveal(c.ContentProtected, Field(nameof(c.ContentProtected)))!, Status = (V1.ComplaintStatus)(int)c.Status,
            ReceivedAt = Timestamp.FromDateTimeOffset(c.ReceivedAt), DueAt = Timestamp.FromDateTimeOffset(c.DueAt),
            Evidence = { c.EvidenceProtected.Select((e, i) => Reveal(e, SealedFields.Evidence(c.ComplaintId, i))!) }, Findings = Reveal(c.FindingsProtected, Field(nameof(c.FindingsProtected))) ?? "",
            Reply = Reveal(c.ReplyProtected, Field(nameof(c.ReplyProtected))) ?? "", DecidedAt = Ts(c.DecidedAt), ResolvedAt = Ts(c.ResolvedAt),
            EscalatedTo = { ComplaintEscalation.Levels.Take(c.EscalationLevel) },
            InvestigatedBy = c.InvestigatedBy ?? "", DecidedBy = c.DecidedBy ?? "", ResolvedBy = c.ResolvedBy ?? "",
            EvidenceAddedBy = { c.EvidenceAuthors() },
        };
        return proto;
    }

    /// <summary>Who acts: the token's subject, never the message.</summary>
    private static string Actor(ServerCallContext context) => context.Caller().Subject() ?? "unknown";

    private static RequestValidator ValidatePerson(RequestValidator validator, string field, V1.Person? person)
    {
        if (person is null)
            return validator;
        validator.Text($"{field}.name", person.Name, 100)
            .Check(person.Phone.Length == 0 || PhonePattern().IsMatch(person.Phone), $"{field}.phone",
                "must be digits, '+', '-' and spaces, at most 32");
        return validator;
    }

    private static void OptionalId(RequestValidator validator, string field, string value)
    {
        if (value.Length > 0)
            validator.Id(field, value);
    }

    private static string? NameOf(V1.Person? person) => person?.Name.Trim();

    /// <summary>
    /// <c>source_id</c> is the anonymous submissions' rate-limit key: an anonymous complaint, review or suggestion needs
    /// one; a named one may leave it out, and one given is checked like any id.
    /// </summary>
    private static RequestValidator SourceId(RequestValidator validator, string sourceId, V1.Person? person) =>
        person is null || sourceId.Length > 0 ? validator.Id("source_id", sourceId) : validator;

    private static string? PhoneOf(V1.Person? person) => person is { Phone.Length: > 0 } ? person.Phone.Trim() : null;

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    private static Timestamp? Ts(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    [GeneratedRegex(@"^[0-9+\- ]{3,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
