import '@testing-library/jest-dom';

// jsdom has no scrolling; notices scroll into view in the browser.
window.scrollTo = jest.fn() as unknown as typeof window.scrollTo;
