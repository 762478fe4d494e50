using ServiceHall.Cases.V1;

namespace ServiceHall.Cases.Grpc;

/// <summary>servicehall.cases.v1.CasesService: no RPCs yet; they come with the cases issue.</summary>
public sealed class CasesGrpcService : CasesService.CasesServiceBase;
