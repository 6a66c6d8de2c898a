"""BUG: the Udacity SentimentRNN (Embedding -> two-layer batch_first LSTM -> contiguous().view(-1, hidden_dim) -> dropout -> fc -> sigmoid -> view(batch_size, -1)[:, -1]) rewritten so that the model owns its state, the way the Bi-LSTM CRF tutorial does: self.hidden = self.init_hidden(batch_size) is created once in __init__ for the training batch size of 50 and passed to the LSTM on every call. Any batch of another size -- the last, smaller batch of an epoch, or the batch of 2 reviews here -- makes nn.LSTM raise "Expected hidden[0] size (2, 2, 256), got [2, 50, 256]", the error behind countless Stack Overflow questions."""
import torch
from torch import nn

batch_size = 50


# shapelint: input=(2, 200)
class SentimentRNN(nn.Module):
    """
    The RNN model that will be used to perform Sentiment analysis.
    """

    def __init__(self, vocab_size=74073, output_size=1, embedding_dim=400, hidden_dim=256, n_layers=2, drop_prob=0.5):
        """
        Initialize the model by setting up the layers.
        """
        super(SentimentRNN, self).__init__()

        self.output_size = output_size
        self.n_layers = n_layers
        self.hidden_dim = hidden_dim

        # embedding and LSTM layers
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, n_layers,
                            dropout=drop_prob, batch_first=True)

        # dropout layer
        self.dropout = nn.Dropout(0.3)

        # linear and sigmoid layers
        self.fc = nn.Linear(hidden_dim, output_size)
        self.sig = nn.Sigmoid()

        self.hidden = self.init_hidden(batch_size)

    def forward(self, x):
        """
        Perform a forward pass of our model on some input and hidden state.
        """
        batch_size = x.size(0)

        # embeddings and lstm_out
        embeds = self.embedding(x)
        lstm_out, hidden = self.lstm(embeds, self.hidden)

        # stack up lstm outputs
        lstm_out = lstm_out.contiguous().view(-1, self.hidden_dim)

        # dropout and fully-connected layer
        out = self.dropout(lstm_out)
        out = self.fc(out)
        # sigmoid function
        sig_out = self.sig(out)

        # reshape to be batch_size first
        sig_out = sig_out.view(batch_size, -1)
        sig_out = sig_out[:, -1] # get last batch of labels

        # return last sigmoid output
        return sig_out

    def init_hidden(self, batch_size):
        ''' Initializes hidden state '''
        # Create two new tensors with sizes n_layers x batch_size x hidden_dim,
        # initialized to zero, for hidden state and cell state of LSTM
        weight = next(self.parameters()).data
        hidden = (weight.new(self.n_layers, batch_size, self.hidden_dim).zero_(),
                  weight.new(self.n_layers, batch_size, self.hidden_dim).zero_())
        return hidden
