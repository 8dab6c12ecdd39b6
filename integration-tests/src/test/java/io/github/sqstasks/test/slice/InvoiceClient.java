package io.github.sqstasks.test.slice;

import io.github.sqstasks.client.SqsTaskClient;

/**
 * A task client of the application, registered from its auto-configuration package.
 */
@SqsTaskClient(queue = "invoices")
interface InvoiceClient {

	String createInvoice(String orderId, String total);

}
