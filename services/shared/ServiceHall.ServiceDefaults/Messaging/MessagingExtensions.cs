using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    private sealed record ConsumerRegistration(string Service, Type Consumer);

    private sealed class ConsumerRegistry : List<ConsumerRegistration>;

    /// <summary>Declares a consumer of a service; it listens on the service's queue once messaging is added.</summary>
    public static IHostApplicationBuilder AddEventConsumer<TConsumer>(this IHostApplicationBuilder builder,
        string service)
        where TConsumer : class, IConsumer
    {
        ArgumentNullException.ThrowIfNull(builder);
        Registry(builder).Add(new ConsumerRegistration(service, typeof(TConsumer)));
        return builder;
    }

    /// <summary>
    /// The bus: RabbitMQ (publisher confirms, quorum queues, one queue per service shared by its instances) in
    /// distributed mode; in standalone mode a mediator that runs the consumers in the outbox relay's call (see
    /// <see cref="MediatorEventPublisher"/>). Call after the services are added.
    /// Consumers retry immediately a few times, then the message goes to the service's error queue
    /// (RabbitMQ 3.10 here has no delayed-message plugin, so no delayed redelivery).
    /// </summary>
    public static IHostApplicationBuilder AddServiceHallMessaging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var registry = Registry(builder);
        RequireDeclaredRoutes(registry);
        var mode = builder.Configuration.GetServiceHallMode();
        builder.Services.TryAddSingleton<FaultPoints>();
        if (mode == ServiceHallMode.Standalone)
        {
            builder.Services.AddMediator(mediator =>
            {
                foreach (var registration in registry)
                    mediator.AddConsumer(registration.Consumer);
                mediator.ConfigureMediator((_, cfg) => cfg.UseMessageRetry(r =>
                {
                    r.Handle<DbUpdateConcurrencyException>();
                    r.Exponential(20, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(30));
                }));
            });
            builder.Services.AddSingleton<IEventPublisher, MediatorEventPublisher>();
            return builder;
        }

        var signer = EventSigner.FromConfiguration(builder.Configuration);
        RequireKeys(signer, registry, builder.Environment);
        builder.Services.AddSingleton(signer);
        builder.Services.AddSingleton<IEventPublisher, BusEventPublisher>();
        builder.Services.AddHealthChecks().AddCheck<BusReadyHealthCheck>("bus-ready", tags: ["ready"]);
        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit 8 reports usage to its vendor's server by default: a hall's system calls nowhere it was not
            // told to (seen in the benchmark's logs: "Failed to report usage telemetry").
            bus.DisableUsageTelemetry();
            foreach (var registration in registry)
                bus.AddConsumer(registration.Consumer);
            var uri = builder.Configuration.GetConnectionString(InfrastructureNames.RabbitMq) is { Length: > 0 } cs
                ? new Uri(cs)
                : throw new InvalidOperationException(
                    $"ConnectionStrings:{InfrastructureNames.RabbitMq} is not configured (an amqp:// URI).");
            CredentialGuard.CheckRabbitMq(InfrastructureNames.RabbitMq, uri, builder.Environment);
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(uri, host =>
                {
                    host.PublisherConfirmation = true;
                    host.Heartbeat(TimeSpan.FromSeconds(10));
                });
                cfg.SignEventsWith(signer);
                cfg.DeployTopologyOnly = builder.Configuration.GetValue<bool>(TopologyDeployment.Setting);
                ConfigureEndpoints(context, cfg, registry);
            });
        });
        return builder;
    }

    private static void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator cfg,
        ConsumerRegistry registry)
    {
        foreach (var service in registry.GroupBy(r => r.Service))
        {
            cfg.ReceiveEndpoint(InfrastructureNames.QueueOf(service.Key), endpoint =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    rabbit.SetQuorumQueue();
                if (context.GetRequiredService<IConfiguration>()[
                        $"{FaultPoints.Section}:{FaultPoints.CrashBeforeAck}"] is { Length: > 0 } crashOn)
                    endpoint.UseFilter(new CrashBeforeAckFilter(context.GetRequiredService<FaultPoints>(), crashOn));
                endpoint.UseConsumeFilter(typeof(EventVerificationFilter<>), context);
                endpoint.PrefetchCount = 32;
                endpoint.ConcurrentMessageLimit = 8;
                endpoint.UseMessageRetry(r =>
                {
                    r.Ignore<ForgedEventException>(); // a forged event is no better the second time
                    r.Intervals(50, 200, 500, 1000, 2000, 5000, 10000);
                });
                // Inside it: a lost optimistic-concurrency race (two facts of one staff member at once) is retried
                // at once, many times, with jitter, before it counts as a failure of the message.
                endpoint.UseMessageRetry(r =>
                {
                    r.Handle<DbUpdateConcurrencyException>();
                    r.Exponential(20, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(30));
                });
                foreach (var registration in service)
                    endpoint.ConfigureConsumer(context, registration.Consumer);
            });
        }
    }

    /// <summary>Events of this bus are signed by their owner's key (<see cref="EventSigner"/>).</summary>
    public static void SignEventsWith(this IBusFactoryConfigurator cfg, EventSigner signer)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        ArgumentNullException.ThrowIfNull(signer);
        cfg.ConfigurePublish(publish => publish.UseExecute(signer.Sign));
    }

    /// <summary>
    /// A service needs its own key (to sign what it publishes) and the keys of every service whose events it consumes;
    /// outside Development none of them may be the public development key.
    /// </summary>
    private static void RequireKeys(EventSigner signer, ConsumerRegistry registry, IHostEnvironment environment)
    {
        var needed = registry.Select(r => r.Service)
            .Concat(registry.SelectMany(r => ConsumedEvents(r.Consumer)).Select(Contracts.EventTypes.OwnerOf))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var missing = needed.Where(s => !signer.HasKeyOf(s)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Events are signed by their owner: set {string.Join(", ", missing.Select(s => $"{EventSigner.Section.Replace(":", "__", StringComparison.Ordinal)}__{s}"))} " +
                "(secrets of at least 32 bytes, the same in every service that publishes or consumes that service's events).");
        }
        if (!environment.IsDevelopment() && signer.UsesDevelopmentKey)
        {
            throw new InvalidOperationException(
                $"An event key ({EventSigner.Section}) is the public development key, and the environment is '{environment.EnvironmentName}'. Refusing to start.");
        }
    }

    /// <summary>
    /// The consumers a host registers for each of its services are exactly those <see cref="Contracts.EventRoutes"/>
    /// lists (the relay publishes those events mandatory): a consumer added without its route, or a route left behind,
    /// stops the host.
    /// </summary>
    private static void RequireDeclaredRoutes(ConsumerRegistry registry)
    {
        foreach (var service in registry.GroupBy(r => r.Service))
        {
            var registered = service.SelectMany(r => ConsumedEvents(r.Consumer)).Select(Contracts.EventTypes.NameOf)
                .ToHashSet(StringComparer.Ordinal);
            var declared = Contracts.EventRoutes.ConsumedBy(service.Key);
            if (!registered.SetEquals(declared))
            {
                throw new InvalidOperationException(
                    $"The consumers of '{service.Key}' and EventRoutes disagree: registered but not routed " +
                    $"[{string.Join(", ", registered.Except(declared).Order(StringComparer.Ordinal))}], routed but not registered " +
                    $"[{string.Join(", ", declared.Except(registered).Order(StringComparer.Ordinal))}].");
            }
        }
    }

    private static IEnumerable<Type> ConsumedEvents(Type consumer) => consumer.GetInterfaces()
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0])
        .Where(t => typeof(Contracts.IIntegrationEvent).IsAssignableFrom(t));

    private static ConsumerRegistry Registry(IHostApplicationBuilder builder)
    {
        if (!builder.Properties.TryGetValue(typeof(ConsumerRegistry), out var value))
        {
            value = new ConsumerRegistry();
            builder.Properties[typeof(ConsumerRegistry)] = value;
        }
        return (ConsumerRegistry)value;
    }
}
