package io.github.sqstasks.test.slice;

import org.springframework.stereotype.Service;

/**
 * A service of the application that holds no handler: a task slice leaves it out unless a filter includes it.
 */
@Service
class OrderService {

	private final InvoiceClient invoices;

	OrderService(InvoiceClient invoices) {
		this.invoices = invoices;
	}

	void placeOrder(String orderId, String total) {
		this.invoices.createInvoice(orderId, total);
	}

}
