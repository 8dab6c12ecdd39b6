package io.github.sqstasks.sample;

import java.math.BigDecimal;
import java.util.List;

/**
 * An order as the shop stores it and as the invoice task receives it.
 *
 * @param id the order id
 * @param customerEmail where the confirmation goes
 * @param lines what was ordered
 */
public record Order(String id, String customerEmail, List<Line> lines) {

	/**
	 * Returns the order's total.
	 * @return the sum of quantity times unit price
	 */
	public BigDecimal total() {
		return this.lines.stream()
			.map((line) -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	/**
	 * One line of an order.
	 *
	 * @param sku the product
	 * @param quantity how many
	 * @param unitPrice the price of one
	 */
	public record Line(String sku, int quantity, BigDecimal unitPrice) {
	}

}
