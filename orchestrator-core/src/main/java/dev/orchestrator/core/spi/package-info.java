/**
 * The storage SPI. A store keeps maps, leases, task history and the server registry, and
 * carries signals between hosts that share it; it may also offer an {@link
 * dev.orchestrator.core.spi.EventLog} that every host's event stream follows. Implement {@link
 * dev.orchestrator.core.spi.OrchestratorStore} and run the contract kit from core's
 * test-jar ({@code StoreContractTest}) against it.
 */
package dev.orchestrator.core.spi;
