using System.Collections.Concurrent;
using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Data;
using ServiceHall.ServiceDefaults.Privacy;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.ServiceDefaults.Grpc;

/// <summary>
/// Client request ids for every mutating RPC: a call carrying the header <c>request-id</c> (at most 100 characters)
/// runs in one database transaction together with the record of its answer (<see cref="ClientRequest"/>); the same
/// id again — after a lost answer, a timeout, a crash — gets the original answer and has no second effect. The same
/// id with a different request is <c>ALREADY_EXISTS</c>. Reads — the RPCs the protos mark
/// <c>option idempotency_level = NO_SIDE_EFFECTS</c> — are not recorded (a method's name says nothing: CheckApplication
/// writes).
/// Commands with their own id in the message (punch_id, request_id, leave_id, …) are idempotent by that id as well.
/// </summary>
public sealed class IdempotencyInterceptor(IEnumerable<IdempotentService> services) : Interceptor
{
    public const string Header = "request-id";
    private static readonly ConcurrentDictionary<string, bool> Reads = new(StringComparer.Ordinal);
    private readonly IdempotentService[] _services = [.. services];

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request,
        ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var requestId = context.RequestHeaders.GetValue(Header);
        var service = requestId is null ? null : _services.FirstOrDefault(s => context.Method.StartsWith(s.MethodPrefix, StringComparison.Ordinal));
        if (requestId is null || service is null || request is not IMessage message || IsRead(context.Method, message) ||
            context.GetHttpContext() is not { } http)
            return await continuation(request, context);
        if (requestId.Length is 0 or > 100)
            throw new InvalidInputException(Header, "The request id must have 1 to 100 characters.");

        var services = http.RequestServices;
        var db = (ServiceDbContext)services.GetRequiredService(service.ContextType);
        var protector = services.GetService<PersonalDataProtector>();
        var caller = context.Caller().Subject() ?? "";
        var hash = Convert.ToHexString(SHA256.HashData(message.ToByteArray()));
        if (await FindAsync(db, requestId, context.Method, caller, context.CancellationToken) is { } earlier)
            return Answer<TResponse>(earlier, hash, protector);

        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var response = await continuation(request, context);
        var encoded = Convert.ToBase64String(((IMessage)response!).ToByteArray());
        db.ChangeTracker.Clear(); // the handler saved its changes; only the record is left to write
        db.ClientRequests.Add(new ClientRequest
        {
            RequestId = requestId, Method = context.Method, Caller = caller, RequestHash = hash,
            Response = protector is null ? encoded : protector.Protect(encoded, ClientRequest.ResponseField(caller, context.Method, requestId)),
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
            return response;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // The same request ran at the same moment and committed first: this one's effect is rolled back.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var first = await FindAsync(db, requestId, context.Method, caller, CancellationToken.None)
                        ?? throw new ConflictException("The same request is being processed; try again.");
            return Answer<TResponse>(first, hash, protector);
        }
    }

    /// <summary>Whether the proto marks the method a read (<c>NO_SIDE_EFFECTS</c>), from its request's file descriptor.</summary>
    public static bool IsRead(string method, IMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Reads.GetOrAdd(method, static (m, file) => file.Services
            .SelectMany(s => s.Methods)
            .Any(d => $"/{d.Service.FullName}/{d.Name}" == m &&
                      d.GetOptions()?.IdempotencyLevel == MethodOptions.Types.IdempotencyLevel.NoSideEffects),
            request.Descriptor.File);
    }

    private static Task<ClientRequest?> FindAsync(ServiceDbContext db, string requestId, string method, string caller,
        CancellationToken cancellationToken) =>
        db.ClientRequests.AsNoTracking().FirstOrDefaultAsync(
            r => r.RequestId == requestId && r.Method == method && r.Caller == caller, cancellationToken);

    private static TResponse Answer<TResponse>(ClientRequest earlier, string hash, PersonalDataProtector? protector)
        where TResponse : class
    {
        if (!string.Equals(earlier.RequestHash, hash, StringComparison.Ordinal))
        {
            throw new DuplicateException("Request", earlier.RequestId,
                "this request id was used for a different request");
        }
        var encoded = protector is null ? earlier.Response : protector.Unprotect(earlier.Response, earlier.ResponseField());
        var response = (IMessage)Activator.CreateInstance<TResponse>()!;
        response.MergeFrom(Convert.FromBase64String(encoded));
        return (TResponse)response;
    }
}

/// <summary>The database whose transactions a service's calls with a request id run in (by gRPC method prefix).</summary>
public sealed record IdempotentService(string MethodPrefix, Type ContextType);
