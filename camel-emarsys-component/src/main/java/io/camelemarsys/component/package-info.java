/**
 * The {@code emarsys:} Camel component. Its endpoint, configuration and operations land with issue 3; the module
 * exists now so that the build, the BOM pins and the simulator dependency are in place from the start.
 */
package io.camelemarsys.component;
