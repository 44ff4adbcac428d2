import '@testing-library/jest-dom';

// jsdom has no scrolling; notices scroll into view in the browser.
window.scrollTo = jest.fn() as unknown as typeof window.scrollTo;

// jsdom has no modal dialogs: opening one only marks it open (the browser
// also makes the rest of the page inert, which jsdom cannot do).
if ( ! HTMLDialogElement.prototype.showModal ) {
	HTMLDialogElement.prototype.showModal = function showModal(
		this: HTMLDialogElement
	) {
		this.open = true;
	};
}
