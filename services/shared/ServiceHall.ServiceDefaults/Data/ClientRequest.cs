using ServiceHall.ServiceDefaults.Privacy;

namespace ServiceHall.ServiceDefaults.Data;

/// <summary>
/// A mutating call made with a client request id (<c>request-id</c> header) and its answer, written in the same
/// transaction as the call's effect: the same request again gets this answer, not a second effect.
/// </summary>
public sealed class ClientRequest
{
    /// <summary>The client's id, unique per caller and method.</summary>
    public required string RequestId { get; set; }

    /// <summary>The full gRPC method, e.g. <c>/servicehall.cases.v1.CasesService/CallNextTicket</c>.</summary>
    public required string Method { get; set; }

    /// <summary>The caller's subject (token <c>sub</c>): one caller cannot replay another's answer.</summary>
    public required string Caller { get; set; }

    /// <summary>SHA-256 of the request message, hex: the same id with another request is refused.</summary>
    public required string RequestHash { get; set; }

    /// <summary>The answer (protobuf, base64), encrypted where the service holds personal data.</summary>
    public required string Response { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Where <see cref="Response"/> is sealed: bound to the caller, method and request id.</summary>
    public static PersonalDataField ResponseField(string caller, string method, string requestId) =>
        new("client_requests", nameof(Response), $"{caller} {method} {requestId}");

    public PersonalDataField ResponseField() => ResponseField(Caller, Method, RequestId);
}
