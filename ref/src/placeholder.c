int ref__placeholder;
